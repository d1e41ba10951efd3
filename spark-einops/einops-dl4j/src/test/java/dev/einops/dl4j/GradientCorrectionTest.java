package dev.einops.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J 1.0.0-M2.1 doubles the gradient through every SameDiff layer; the einops layers measure
 * the factor and undo it, so DL4J's own gradient check passes through them.
 */
class GradientCorrectionTest {
    @Test
    void theDoublingIsMeasured() {
        assertEquals(2.0, GradientScale.measuredScale(), "DL4J 1.0.0-M2.1 doubles SameDiff layer gradients");
    }

    private DataType defaultType;
    private DataType defaultFloatingType;

    /** DL4J's gradient check needs double precision by default; other tests get ND4J's defaults back. */
    @BeforeEach
    void useDoublePrecision() {
        defaultType = Nd4j.dataType();
        defaultFloatingType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void restoreNd4jDefaults() {
        Nd4j.setDefaultDataTypes(defaultType, defaultFloatingType);
    }

    @Test
    void gradientsThroughEinopsLayersPassDl4jsCheck() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(1)
                .updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nIn(12).nOut(12).activation(Activation.TANH).build())
                .layer(new RearrangeLayer("b (c t) -> b t c", Map.of("c", 3)))
                .layer(new EinMixLayer("b t c -> b t d", "c d", "d", Map.of("c", 3, "d", 2)))
                .layer(new ReduceLayer("b t d -> b (t d)", "max"))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(12)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 12);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 2);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradients agree with finite differences");
    }
}
