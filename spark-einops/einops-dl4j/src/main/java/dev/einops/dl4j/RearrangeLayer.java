package dev.einops.dl4j;

import dev.einops.layers.Rearrange;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * einops {@code Rearrange} as a DL4J layer, for MultiLayerNetwork and ComputationGraph. The first
 * axis of the pattern is the minibatch; the output type (and so the next layer's {@code nIn}) is
 * inferred from the input type. Survives DL4J's JSON and {@code ModelSerializer}.
 *
 * <pre>{@code
 * MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
 *         .layer(new RearrangeLayer("b c h w -> b (c h w)"))
 *         .layer(new DenseLayer.Builder().nOut(120).build())      // nIn = 3 * 8 * 8, inferred
 *         .layer(new OutputLayer.Builder().nOut(10).build())
 *         .setInputType(InputType.convolutional(8, 8, 3)).build();
 * }</pre>
 */
public class RearrangeLayer extends PatternLambdaLayer {

    /** For DL4J's JSON; use the other constructors. */
    protected RearrangeLayer() {
    }

    public RearrangeLayer(String pattern) {
        this(pattern, Map.of());
    }

    /**
     * @throws dev.einops.types.EinopsException when the pattern or the names are invalid
     */
    public RearrangeLayer(String pattern, Map<String, ? extends Number> axesLengths) {
        this(new Rearrange(pattern, axesLengths));
    }

    private RearrangeLayer(Rearrange layer) {
        super(layer.pattern(), layer.axesLengths());
    }

    /** An identity layer whose doubled gradient is left as DL4J makes it: what {@link GradientScale} measures. */
    static RearrangeLayer uncorrected(String pattern) {
        RearrangeLayer layer = new RearrangeLayer(pattern);
        layer.setCorrectGradients(false);
        return layer;
    }

    @Override
    protected SDVariable transform(SDVariable input) {
        return compiled(() -> new Rearrange(getPattern(), getAxesLengths())).apply(input);
    }
}
