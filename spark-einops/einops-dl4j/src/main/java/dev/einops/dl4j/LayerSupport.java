package dev.einops.dl4j;

import dev.einops.Tensors;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the einops DL4J layers share: shapes, output types, and the corrected runtime layer. */
final class LayerSupport {
    private LayerSupport() {
    }

    /** The output type of {@code transform} for {@code input}: found by building it on a scratch placeholder. */
    static InputType outputType(InputType input, Function<SDVariable, SDVariable> transform) {
        SameDiff scratch = SameDiff.create();
        SDVariable x = scratch.placeHolder("input", DataType.FLOAT, InputTypes.shapeOf(input));
        return InputTypes.typeOf(Tensors.shape(transform.apply(x)));
    }

    /**
     * The layer input as DL4J hands it over, with the shape the network's input type gave it if
     * SameDiff does not know it yet.
     */
    static SDVariable shaped(SDVariable input, long[] inputShape) {
        if (input.getShape() == null && inputShape != null) {
            input.setShape(inputShape.clone());
        }
        return input;
    }

    /** DL4J's runtime layer for {@code config}, with the M2.1 gradient doubling corrected. */
    static Layer instantiate(AbstractSameDiffLayer config, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType dataType) {
        CorrectedSameDiffLayer layer = new CorrectedSameDiffLayer(conf, dataType);
        layer.setIndex(layerIndex);
        layer.setListeners(listeners);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = config.initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}
