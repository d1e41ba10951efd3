package dev.einops.dl4j;

import dev.einops.layers.EinMix;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * einops {@code EinMix} as a trainable DL4J layer: parameters {@code W} (the weight, axes as
 * written in the weight shape) and {@code b} (the bias, when one is given), initialised as the
 * reference does.
 *
 * <pre>{@code
 * MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
 *         .layer(new EinMixLayer("b c t -> b d t", "c d", "d", Map.of("c", 64, "d", 32)))   // a 1x1 convolution over time
 *         .layer(new RnnOutputLayer.Builder().nOut(5).build())
 *         .setInputType(InputType.recurrent(64, 100)).build();
 * }</pre>
 */
public class EinMixLayer extends SameDiffLayer {
    private static final String WEIGHT = "W";
    private static final String BIAS = "b";

    private String pattern;
    private String weightShape;
    private String biasShape;
    private Map<String, Long> axesLengths = new LinkedHashMap<>();
    private long[] inputShape;
    /** The layer the properties describe, compiled once; a setter clears it. Not part of DL4J's JSON. */
    private transient EinMix mix;

    /** For DL4J's JSON; use the other constructors. */
    protected EinMixLayer() {
    }

    public EinMixLayer(String pattern, String weightShape, Map<String, ? extends Number> axesLengths) {
        this(pattern, weightShape, null, axesLengths);
    }

    /**
     * @throws dev.einops.types.EinopsException by EinMix's rules
     */
    public EinMixLayer(String pattern, String weightShape, String biasShape, Map<String, ? extends Number> axesLengths) {
        this.mix = new EinMix(pattern, weightShape, biasShape, axesLengths);
        this.pattern = pattern;
        this.weightShape = weightShape;
        this.biasShape = biasShape;
        this.axesLengths = new LinkedHashMap<>(mix.axesLengths());
    }

    private EinMix mix() {
        EinMix compiled = mix;
        if (compiled == null) {
            compiled = new EinMix(pattern, weightShape, biasShape, axesLengths);
            mix = compiled;
        }
        return compiled;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        EinMix mix = mix();
        params.clear();
        params.addWeightParam(WEIGHT, mix.weightShape());
        if (mix.biasShape() != null) {
            params.addBiasParam(BIAS, mix.biasShape());
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray weight = params.get(WEIGHT);
        EinMix.Parameters<INDArray> initial = mix().initialParameters(weight.dataType(), Nd4j.getRandom().nextLong());
        weight.assign(initial.weight());
        if (initial.bias() != null) {
            params.get(BIAS).assign(initial.bias());
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                  SDVariable mask) {
        return mix().apply(LayerSupport.shaped(layerInput, inputShape),
                new EinMix.Parameters<>(paramTable.get(WEIGHT), paramTable.get(BIAS)));
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (override || inputShape == null) {
            inputShape = InputTypes.shapeOf(inputType);
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        EinMix layer = mix();
        return LayerSupport.outputType(inputType,
                x -> layer.apply(x, layer.createParameters(x.getSameDiff(), "shape", DataType.FLOAT, 0)));
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerSupport.instantiate(this, conf, listeners, layerIndex, layerParamsView, initializeParams, networkDataType);
    }

    public String getPattern() {
        return pattern;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
        this.mix = null;
    }

    public String getWeightShape() {
        return weightShape;
    }

    public void setWeightShape(String weightShape) {
        this.weightShape = weightShape;
        this.mix = null;
    }

    public String getBiasShape() {
        return biasShape;
    }

    public void setBiasShape(String biasShape) {
        this.biasShape = biasShape;
        this.mix = null;
    }

    public Map<String, Long> getAxesLengths() {
        return axesLengths;
    }

    public void setAxesLengths(Map<String, Long> axesLengths) {
        this.axesLengths = new LinkedHashMap<>(axesLengths);
        this.mix = null;
    }

    public long[] getInputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    public void setInputShape(long[] inputShape) {
        this.inputShape = inputShape == null ? null : inputShape.clone();
    }
}
