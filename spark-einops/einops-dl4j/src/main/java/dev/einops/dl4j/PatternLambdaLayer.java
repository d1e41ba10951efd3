package dev.einops.dl4j;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A parameterless DL4J layer defined by an einops pattern: the pattern, its axis lengths and the
 * input shape DL4J reports, as JSON-friendly properties; output types inferred from the pattern;
 * gradients corrected for DL4J 1.0.0-M2.1 (see {@link CorrectedSameDiffLayer}).
 *
 * <pre>{@code
 * public class SwapLayer extends PatternLambdaLayer {          // a new pattern layer is one method
 *     public SwapLayer() { super("b c t -> b t c", Map.of()); }   // no-arg: DL4J JSON needs one
 *     protected SDVariable transform(SDVariable x) { return Einops.rearrange(x, getPattern()); }
 * }
 * }</pre>
 */
public abstract class PatternLambdaLayer extends SameDiffLambdaLayer {
    private String pattern;
    private Map<String, Long> axesLengths = new LinkedHashMap<>();
    private long[] inputShape;
    private boolean correctGradients = true;
    /** What {@link #compiled} built from the pattern and lengths; a setter clears it. Not part of DL4J's JSON. */
    private transient Object compiled;

    protected PatternLambdaLayer() {
    }

    protected PatternLambdaLayer(String pattern, Map<String, Long> axesLengths) {
        this.pattern = pattern;
        this.axesLengths = new LinkedHashMap<>(axesLengths);
    }

    /** The layer's einops operation on its (shaped) input. */
    protected abstract SDVariable transform(SDVariable input);

    /**
     * The value {@code compile} makes of the pattern and lengths (a {@code Rearrange}, say), made
     * on first use and again only after a setter changed them, so that DL4J's many callbacks do
     * not check and compile the pattern each time. A subclass always compiles to the same type.
     */
    @SuppressWarnings("unchecked")
    protected final <V> V compiled(Supplier<V> compile) {
        Object value = compiled;
        if (value == null) {
            value = compile.get();
            compiled = value;
        }
        return (V) value;
    }

    /** Forgets what {@link #compiled} made: for a subclass's setter of a property it compiles. */
    protected final void forgetCompiled() {
        compiled = null;
    }

    @Override
    public SDVariable defineLayer(SameDiff sameDiff, SDVariable layerInput) {
        return transform(LayerSupport.shaped(layerInput, inputShape));
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (override || inputShape == null) {
            inputShape = InputTypes.shapeOf(inputType);
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return LayerSupport.outputType(inputType, this::transform);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return correctGradients
                ? LayerSupport.instantiate(this, conf, listeners, layerIndex, layerParamsView, initializeParams, networkDataType)
                : super.instantiate(conf, listeners, layerIndex, layerParamsView, initializeParams, networkDataType);
    }

    public String getPattern() {
        return pattern;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
        forgetCompiled();
    }

    public Map<String, Long> getAxesLengths() {
        return axesLengths;
    }

    public void setAxesLengths(Map<String, Long> axesLengths) {
        this.axesLengths = new LinkedHashMap<>(axesLengths);
        forgetCompiled();
    }

    public long[] getInputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    public void setInputShape(long[] inputShape) {
        this.inputShape = inputShape == null ? null : inputShape.clone();
    }

    /** Whether DL4J's doubled gradients are corrected; only the measurement of the doubling turns it off. */
    public boolean isCorrectGradients() {
        return correctGradients;
    }

    public void setCorrectGradients(boolean correctGradients) {
        this.correctGradients = correctGradients;
    }
}
