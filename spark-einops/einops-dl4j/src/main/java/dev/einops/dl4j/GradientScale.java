package dev.einops.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * How much DL4J's own SameDiff layer scales the gradient it passes back, measured once on an
 * identity layer (an exact gradient is 1 per element): 2 in DL4J 1.0.0-M2.1.
 */
final class GradientScale {
    private GradientScale() {
    }

    private static final class Holder {
        static final double CORRECTION = measure();
    }

    /** The factor that makes gradients right: 1 / the measured scale (0.5 in M2.1; 1 if DL4J is fixed). */
    static double correction() {
        return Holder.CORRECTION;
    }

    /** The scale DL4J's SameDiff layer applies to the gradient of an identity: 1 when correct. */
    static double measuredScale() {
        return 1.0 / Holder.CORRECTION;
    }

    private static double measure() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).updater(new NoOp())
                .list()
                .layer(RearrangeLayer.uncorrected("b c -> b c"))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Layer identity = net.getLayer(0);
        LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
        identity.setInput(Nd4j.rand(DataType.DOUBLE, 2, 3), workspaces);
        identity.activate(true, workspaces);
        INDArray epsilon = Nd4j.ones(DataType.DOUBLE, 2, 3);
        double scale = identity.backpropGradient(epsilon, workspaces).getSecond().sumNumber().doubleValue()
                / epsilon.sumNumber().doubleValue();
        long rounded = Math.round(scale);
        // only a whole multiple is DL4J's known doubling; anything else is left alone
        return rounded >= 1 && Math.abs(scale - rounded) < 1e-9 ? 1.0 / rounded : 1.0;
    }
}
