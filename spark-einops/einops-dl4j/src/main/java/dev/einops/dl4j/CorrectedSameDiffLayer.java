package dev.einops.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's SameDiff layer with its gradients rescaled by {@link GradientScale#correction()}. In
 * DL4J 1.0.0-M2.1 every SameDiff layer counts the incoming error twice (its gradient function adds
 * the external-error placeholder to itself), so gradients upstream and of the layer's parameters
 * come out doubled; Adam hides a constant factor, plain SGD, gradient clipping and stacked layers
 * do not. The factor is measured once per JVM, so a DL4J release that fixes the doubling is not
 * "corrected" twice.
 */
final class CorrectedSameDiffLayer extends SameDiffLayer {
    CorrectedSameDiffLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
        double correction = GradientScale.correction();
        if (correction != 1.0) {
            result.getSecond().muli(correction);
            for (INDArray g : result.getFirst().gradientForVariable().values()) {
                g.muli(correction);
            }
        }
        return result;
    }
}
