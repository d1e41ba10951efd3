package dev.einops.layers;

import dev.einops.Einops;
import dev.einops.types.EinopsException;
import java.io.Serializable;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * einops' {@code EinMix}: a linear layer written as a pattern. The weight's axes are named; input
 * axes missing on the right are contracted with it, axes only the weight and the right side have
 * are created, and an optional bias is added along some output axes.
 *
 * <pre>{@code
 * EinMix mix = new EinMix("b t c_in -> b t c_out", "c_in c_out", "c_out", Map.of("c_in", 16, "c_out", 32));
 * SameDiff sd = SameDiff.create();
 * SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 10, 16);
 * EinMix.Parameters<SDVariable> p = mix.createParameters(sd, "mix", DataType.FLOAT, 7);   // weight and bias
 * SDVariable y = mix.apply(x, p);                                                         // [-1, 10, 32]
 * }</pre>
 *
 * <p>Weights are initialised as the reference does: uniform in +-sqrt(3 / fan_in), the bias in
 * +-sqrt(1 / fan_in), where fan_in is the product of the weight's axes that the output does not
 * have. Compositions on either side are rearranged before and after the contraction, which is one
 * einsum; all three are compiled once, when the layer is built. The layer is an immutable,
 * serializable value; parameters live in the graph (or arrays) they were created in.
 */
public final class EinMix implements Serializable {
    private static final long serialVersionUID = 2L;
    private static final AtomicLong NAMES = new AtomicLong();

    private final String pattern;
    private final String weightShape;
    private final String biasShape;
    private final Map<String, Long> axesLengths;
    private final EinMixRecipe recipe;

    /** A layer without bias. */
    public EinMix(String pattern, String weightShape, Map<String, ? extends Number> axesLengths) {
        this(pattern, weightShape, null, axesLengths);
    }

    /**
     * A layer; {@code biasShape} (null for none) names the output axes the bias varies along. The
     * patterns are checked and compiled here, once.
     *
     * @throws EinopsException with the reference's rules: weight axes need lengths and must appear
     *                         on a side, the right side's axes must come from the input or the
     *                         weight, numbers and parentheses in the weight are not allowed, an
     *                         ellipsis must be on both sides, bias axes must be output axes
     */
    public EinMix(String pattern, String weightShape, String biasShape, Map<String, ? extends Number> axesLengths) {
        this.pattern = pattern;
        this.weightShape = weightShape;
        this.biasShape = biasShape;
        this.axesLengths = LayerPattern.lengths(axesLengths, pattern, "EinMix");
        try {
            this.recipe = EinMixRecipe.compile(pattern, weightShape, biasShape, this.axesLengths);
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, "EinMix", pattern, null, this.axesLengths);
        }
    }

    /** A weight and an optional bias for one use of the layer. */
    public record Parameters<T>(T weight, T bias) {
    }

    /** The weight's shape: the lengths of its axes, in the order written. */
    public long[] weightShape() {
        return recipe.weightShape();
    }

    /** The bias's shape, broadcastable over the output's elementary axes, or null without bias. */
    public long[] biasShape() {
        return recipe.biasShape();
    }

    /**
     * Trainable weight (and bias) variables in {@code sd}, named {@code prefix + "_weight"} and
     * {@code prefix + "_bias"}, initialised as the reference does from {@code seed}.
     */
    public Parameters<SDVariable> createParameters(SameDiff sd, String prefix, DataType type, long seed) {
        Parameters<INDArray> initial = initialParameters(type, seed);
        SDVariable weight = sd.var(prefix + "_weight", initial.weight());
        SDVariable bias = initial.bias() == null ? null : sd.var(prefix + "_bias", initial.bias());
        return new Parameters<>(weight, bias);
    }

    /** Initial weight (and bias) arrays: uniform in +-sqrt(3 / fan_in) and +-sqrt(1 / fan_in). */
    public Parameters<INDArray> initialParameters(DataType type, long seed) {
        Random random = new Random(seed);
        INDArray weight = uniform(type, recipe.weightShape(), Math.sqrt(3.0 / recipe.fanIn), random);
        long[] biasLengths = recipe.biasShape();
        INDArray bias = biasLengths == null ? null : uniform(type, biasLengths, Math.sqrt(1.0 / recipe.fanIn), random);
        return new Parameters<>(weight, bias);
    }

    private static INDArray uniform(DataType type, long[] shape, double bound, Random random) {
        int n = Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact));
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (random.nextDouble() * 2 - 1) * bound;
        }
        return Nd4j.create(values, shape, DataType.DOUBLE).castTo(type);
    }

    /** Applies the layer in {@code x}'s graph with new trainable parameters, named uniquely. */
    public SDVariable apply(SDVariable x) {
        String prefix = "einmix" + NAMES.incrementAndGet();
        return apply(x, createParameters(x.getSameDiff(), prefix, x.dataType(), prefix.hashCode()));
    }

    /** Applies the layer to a SameDiff variable with the given parameters. */
    public SDVariable apply(SDVariable x, Parameters<SDVariable> parameters) {
        SDVariable in = recipe.preReshape == null ? x : Einops.rearrange(x, recipe.preReshape, recipe.preLengths);
        SDVariable mixed = Einops.einsum(recipe.einsum, in, parameters.weight());
        if (parameters.bias() != null) {
            long[] shape = mixed.getShape() != null ? mixed.getShape() : dev.einops.Tensors.shape(mixed);
            mixed = mixed.add(parameters.bias());
            mixed.setShape(shape);
        }
        return recipe.postReshape == null ? mixed : Einops.rearrange(mixed, recipe.postReshape, recipe.postLengths);
    }

    /** Applies the layer to an ND4J array with the given parameters. */
    public INDArray apply(INDArray x, Parameters<INDArray> parameters) {
        INDArray in = recipe.preReshape == null ? x : Einops.rearrange(x, recipe.preReshape, recipe.preLengths);
        INDArray mixed = Einops.einsum(recipe.einsum, in, parameters.weight());
        if (parameters.bias() != null) {
            mixed = mixed.add(parameters.bias());
        }
        return recipe.postReshape == null ? mixed : Einops.rearrange(mixed, recipe.postReshape, recipe.postLengths);
    }

    public String pattern() {
        return pattern;
    }

    public String weightShapePattern() {
        return weightShape;
    }

    /** The bias's axes as written, or null. */
    public String biasShapePattern() {
        return biasShape;
    }

    public Map<String, Long> axesLengths() {
        return axesLengths;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EinMix m && pattern.equals(m.pattern) && weightShape.equals(m.weightShape)
                && java.util.Objects.equals(biasShape, m.biasShape) && axesLengths.equals(m.axesLengths);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(pattern, weightShape, biasShape, axesLengths);
    }

    @Override
    public String toString() {
        return "EinMix(\"" + pattern + "\", weight \"" + weightShape + "\""
                + (biasShape == null ? "" : ", bias \"" + biasShape + "\"") + ", " + axesLengths + ")";
    }
}
