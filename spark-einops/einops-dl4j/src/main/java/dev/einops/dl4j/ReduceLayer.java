package dev.einops.dl4j;

import dev.einops.layers.Reduce;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * einops {@code Reduce} as a DL4J layer: pooling, global pooling and flattening in one readable
 * pattern. The first axis is the minibatch; the output type is inferred.
 *
 * <pre>{@code
 * MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
 *         .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).build())         // [b, 16, 10, 10]
 *         .layer(new ReduceLayer("b c (h 2) (w 2) -> b (c h w)", "max"))   // 2x2 max-pooling, then flatten
 *         .layer(new DenseLayer.Builder().nOut(120).build())                // nIn = 400, inferred
 *         .layer(new OutputLayer.Builder().nOut(10).build())
 *         .setInputType(InputType.convolutional(14, 14, 3)).build();
 * }</pre>
 */
public class ReduceLayer extends PatternLambdaLayer {
    private String reduction;

    /** For DL4J's JSON; use the other constructors. */
    protected ReduceLayer() {
    }

    public ReduceLayer(String pattern, String reduction) {
        this(pattern, reduction, Map.of());
    }

    /**
     * @throws dev.einops.types.EinopsException when the pattern, the reduction or the names are invalid
     */
    public ReduceLayer(String pattern, String reduction, Map<String, ? extends Number> axesLengths) {
        this(new Reduce(pattern, reduction, axesLengths));
    }

    private ReduceLayer(Reduce layer) {
        super(layer.pattern(), layer.axesLengths());
        this.reduction = layer.reduction().label();
    }

    @Override
    protected SDVariable transform(SDVariable input) {
        return compiled(() -> new Reduce(getPattern(), reduction, getAxesLengths())).apply(input);
    }

    public String getReduction() {
        return reduction;
    }

    public void setReduction(String reduction) {
        this.reduction = reduction;
        forgetCompiled();
    }
}
