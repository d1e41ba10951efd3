package dev.einops.layers;

import dev.einops.Einops;
import dev.einops.EinopsException;
import dev.einops.parse.Axis;
import dev.einops.parse.AxisGroup;
import dev.einops.parse.EllipsisAxis;
import dev.einops.parse.ExpressionParser;
import dev.einops.parse.NamedAxis;
import dev.einops.parse.ParseOptions;
import dev.einops.parse.ParsedExpression;
import dev.einops.parse.Pattern;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
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
 * EinMix.Parameters p = mix.createParameters(sd, "mix", DataType.FLOAT, 7);   // trainable weight and bias
 * SDVariable y = mix.apply(x, p);                                             // [-1, 10, 32]
 * }</pre>
 *
 * <p>Weights are initialised as the reference does: uniform in +-sqrt(3 / fan_in), the bias in
 * +-sqrt(1 / fan_in), where fan_in is the product of the weight's axes that the output does not
 * have. Compositions on either side are rearranged before and after the contraction, which is one
 * einsum. The layer is an immutable, serializable value; parameters live in the graph (or arrays)
 * they were created in.
 */
public final class EinMix implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong NAMES = new AtomicLong();

    private final String pattern;
    private final String weightShape;
    private final String biasShape;
    private final Map<String, Long> axesLengths;
    private final String preReshape;
    private final String postReshape;
    private final String einsum;
    private final long[] weightLengths;
    private final long[] biasLengths;
    private final long fanIn;

    /** A layer without bias. */
    public EinMix(String pattern, String weightShape, Map<String, ? extends Number> axesLengths) {
        this(pattern, weightShape, null, axesLengths);
    }

    /**
     * A layer; {@code biasShape} (null for none) names the output axes the bias varies along.
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
            Pattern parsed = Pattern.parse(pattern);
            if (weightShape == null) {
                throw new EinopsException("Weight shape is null");
            }
            ParsedExpression left = parsed.left();
            ParsedExpression right = parsed.right();
            ParsedExpression weight = ExpressionParser.parse(weightShape, 0, ParseOptions.DEFAULT);
            Set<String> leftNames = names(left);
            Set<String> rightNames = names(right);
            Set<String> weightNames = names(weight);
            report(difference(rightNames, union(leftNames, weightNames)), "Unrecognized identifiers on the right side of EinMix");
            if (weight.hasEllipsis()) {
                throw new EinopsException("Ellipsis is not supported in weight, as its shape should be fully specified");
            }
            if (left.hasEllipsis() != right.hasEllipsis()) {
                throw new EinopsException("Ellipsis in EinMix should be on both sides, " + pattern);
            }
            if (left.hasEllipsis() && left.ellipsisParenthesized()) {
                throw new EinopsException("Ellipsis on left side can't be in parenthesis, got " + pattern);
            }
            if (left.hasNonUnitAnonymousAxes() || right.hasNonUnitAnonymousAxes() || weight.hasNonUnitAnonymousAxes()) {
                throw new EinopsException("Anonymous axes (numbers) are not allowed in EinMix");
            }
            if (weightShape.contains("(") || weightShape.contains(")")) {
                throw new EinopsException("Parenthesis is not allowed in weight shape: " + weightShape);
            }
            for (String axis : weightNames) {
                if (!this.axesLengths.containsKey(axis)) {
                    throw new EinopsException("Dimension " + axis + " of weight should be specified");
                }
            }
            report(difference(this.axesLengths.keySet(), union(leftNames, weightNames)), "Axes not used in pattern");
            report(difference(weightNames, union(leftNames, rightNames)), "Weight axes are redundant");

            List<String> leftFlat = flat(left);
            List<String> rightFlat = flat(right);
            boolean leftComposed = left.composition().stream().anyMatch(g -> g.axes().size() != 1 || g.parenthesized());
            boolean rightComposed = right.composition().stream()
                    .anyMatch(g -> g.axes().size() != 1 || g.parenthesized() || g.isEllipsis());
            this.preReshape = leftComposed ? left.text() + "-> " + String.join(" ", leftFlat) : null;
            this.postReshape = rightComposed ? String.join(" ", rightFlat) + " ->" + right.text() : null;
            List<String> weightFlat = flat(weight);
            this.einsum = String.join(" ", leftFlat) + ", " + String.join(" ", weightFlat) + " -> "
                    + String.join(" ", rightFlat);
            this.weightLengths = weightFlat.stream().mapToLong(this.axesLengths::get).toArray();
            this.fanIn = weightFlat.stream().filter(a -> !rightNames.contains(a)).mapToLong(this.axesLengths::get)
                    .reduce(1, Math::multiplyExact);
            if (biasShape != null) {
                ParsedExpression bias = ExpressionParser.parse(biasShape, 0, ParseOptions.DEFAULT);
                Set<String> biasNames = names(bias);
                report(difference(biasNames, rightNames), "Bias axes not present in output");
                report(difference(biasNames, this.axesLengths.keySet()), "Sizes not provided for bias axes");
                // broadcastable against the flat output: the axis's length where the bias varies, else 1
                this.biasLengths = rightFlat.stream().mapToLong(a -> biasNames.contains(a) ? this.axesLengths.get(a) : 1)
                        .toArray();
            } else {
                this.biasLengths = null;
            }
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, "EinMix", pattern, null, this.axesLengths);
        }
    }

    private static Set<String> names(ParsedExpression e) {
        Set<String> names = new LinkedHashSet<>();
        for (Axis axis : e.identifiers()) {
            if (axis instanceof NamedAxis named) {
                names.add(named.name());
            }
        }
        return names;
    }

    /** The elementary axes of a side in order, the ellipsis kept as {@code ...}. */
    private static List<String> flat(ParsedExpression e) {
        List<String> out = new ArrayList<>();
        for (AxisGroup group : e.composition()) {
            for (Axis axis : group.axes()) {
                out.add(axis == EllipsisAxis.INSTANCE ? "..." : axis.toString());
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static void report(Set<String> axes, String message) {
        if (!axes.isEmpty()) {
            throw new EinopsException(message + ": " + axes.stream().collect(Collectors.joining(", ", "{", "}")));
        }
    }

    /** A weight and an optional bias for one use of the layer. */
    public record Parameters<T>(T weight, T bias) {
    }

    /** The weight's shape: the lengths of its axes, in the order written. */
    public long[] weightShape() {
        return weightLengths.clone();
    }

    /** The bias's shape, broadcastable over the output's elementary axes, or null without bias. */
    public long[] biasShape() {
        return biasLengths == null ? null : biasLengths.clone();
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
        INDArray weight = uniform(type, weightLengths, Math.sqrt(3.0 / fanIn), random);
        INDArray bias = biasLengths == null ? null : uniform(type, biasLengths, Math.sqrt(1.0 / fanIn), random);
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
        SDVariable in = preReshape == null ? x : Einops.rearrange(x, preReshape, lengthsFor(preReshape));
        SDVariable mixed = Einops.einsum(einsum, in, parameters.weight());
        if (parameters.bias() != null) {
            long[] shape = mixed.getShape() != null ? mixed.getShape() : dev.einops.Tensors.shape(mixed);
            mixed = mixed.add(parameters.bias());
            mixed.setShape(shape);
        }
        return postReshape == null ? mixed : Einops.rearrange(mixed, postReshape, lengthsFor(postReshape));
    }

    /** Applies the layer to an ND4J array with the given parameters. */
    public INDArray apply(INDArray x, Parameters<INDArray> parameters) {
        INDArray in = preReshape == null ? x : Einops.rearrange(x, preReshape, lengthsFor(preReshape));
        INDArray mixed = Einops.einsum(einsum, in, parameters.weight());
        if (parameters.bias() != null) {
            mixed = mixed.add(parameters.bias());
        }
        return postReshape == null ? mixed : Einops.rearrange(mixed, postReshape, lengthsFor(postReshape));
    }

    /** The axis lengths a rearrangement needs: those of the layer that the pattern names. */
    private Map<String, Long> lengthsFor(String rearrangement) {
        Set<String> used = names(Pattern.parse(rearrangement).left());
        used.addAll(names(Pattern.parse(rearrangement).right()));
        Map<String, Long> lengths = new java.util.LinkedHashMap<>();
        axesLengths.forEach((k, v) -> {
            if (used.contains(k)) {
                lengths.put(k, v);
            }
        });
        return lengths;
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
