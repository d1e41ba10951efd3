package dev.einops.layers;

import dev.einops.internal.parse.Axis;
import dev.einops.internal.parse.AxisGroup;
import dev.einops.internal.parse.EllipsisAxis;
import dev.einops.internal.parse.ExpressionParser;
import dev.einops.internal.parse.NamedAxis;
import dev.einops.internal.parse.ParseOptions;
import dev.einops.internal.parse.ParsedExpression;
import dev.einops.internal.parse.Pattern;
import dev.einops.types.EinopsException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an {@link EinMix} layer's patterns compile to, once, when the layer is built: the reference's
 * checks, then an optional rearrangement of the input into elementary axes, one einsum with the
 * weight, and an optional rearrangement into the output's compositions, each with the axis
 * lengths it needs; and the parameters' shapes and fan-in.
 *
 * <pre>{@code
 * EinMixRecipe r = EinMixRecipe.compile("b (t c) -> b t d", "c d", null, Map.of("t", 4L, "c", 3L, "d", 5L));
 * String pre = r.preReshape;              // b (t c) -> b t c
 * Map<String, Long> lengths = r.preLengths;   // {t=4, c=3}
 * String product = r.einsum;              // b t c, c d -> b t d
 * }</pre>
 */
final class EinMixRecipe implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The rearrangement into elementary input axes, or null when the input has them already. */
    final String preReshape;
    final Map<String, Long> preLengths;
    final String einsum;
    /** The rearrangement into the output's compositions, or null when the einsum gives the output. */
    final String postReshape;
    final Map<String, Long> postLengths;
    private final long[] weightShape;
    private final long[] biasShape;
    final long fanIn;

    private EinMixRecipe(String preReshape, Map<String, Long> preLengths, String einsum, String postReshape,
                         Map<String, Long> postLengths, long[] weightShape, long[] biasShape, long fanIn) {
        this.preReshape = preReshape;
        this.preLengths = preLengths;
        this.einsum = einsum;
        this.postReshape = postReshape;
        this.postLengths = postLengths;
        this.weightShape = weightShape;
        this.biasShape = biasShape;
        this.fanIn = fanIn;
    }

    /** The weight's shape: the lengths of its axes, in the order written. */
    long[] weightShape() {
        return weightShape.clone();
    }

    /** The bias's shape, broadcastable over the output's elementary axes, or null without bias. */
    long[] biasShape() {
        return biasShape == null ? null : biasShape.clone();
    }

    /**
     * Checks the patterns by the reference's rules and compiles them.
     *
     * @throws EinopsException with the reason, without the call's context
     */
    static EinMixRecipe compile(String pattern, String weightShape, String biasShape, Map<String, Long> lengths) {
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
            if (!lengths.containsKey(axis)) {
                throw new EinopsException("Dimension " + axis + " of weight should be specified");
            }
        }
        report(difference(lengths.keySet(), union(leftNames, weightNames)), "Axes not used in pattern");
        report(difference(weightNames, union(leftNames, rightNames)), "Weight axes are redundant");

        List<String> leftFlat = flat(left);
        List<String> rightFlat = flat(right);
        boolean leftComposed = left.composition().stream().anyMatch(g -> g.axes().size() != 1 || g.parenthesized());
        boolean rightComposed = right.composition().stream()
                .anyMatch(g -> g.axes().size() != 1 || g.parenthesized() || g.isEllipsis());
        String pre = leftComposed ? left.text() + "-> " + String.join(" ", leftFlat) : null;
        String post = rightComposed ? String.join(" ", rightFlat) + " ->" + right.text() : null;
        List<String> weightFlat = flat(weight);
        String einsum = String.join(" ", leftFlat) + ", " + String.join(" ", weightFlat) + " -> "
                + String.join(" ", rightFlat);
        long[] weightLengths = weightFlat.stream().mapToLong(lengths::get).toArray();
        long fanIn = weightFlat.stream().filter(a -> !rightNames.contains(a)).mapToLong(lengths::get)
                .reduce(1, Math::multiplyExact);
        long[] biasLengths = null;
        if (biasShape != null) {
            Set<String> biasNames = names(ExpressionParser.parse(biasShape, 0, ParseOptions.DEFAULT));
            report(difference(biasNames, rightNames), "Bias axes not present in output");
            report(difference(biasNames, lengths.keySet()), "Sizes not provided for bias axes");
            // broadcastable against the flat output: the axis's length where the bias varies, else 1
            biasLengths = rightFlat.stream().mapToLong(a -> biasNames.contains(a) ? lengths.get(a) : 1).toArray();
        }
        return new EinMixRecipe(pre, lengthsFor(pre, lengths), einsum, post, lengthsFor(post, lengths),
                weightLengths, biasLengths, fanIn);
    }

    /** The axis lengths a rearrangement needs: those of the layer that the pattern names. */
    private static Map<String, Long> lengthsFor(String rearrangement, Map<String, Long> lengths) {
        if (rearrangement == null) {
            return Map.of();
        }
        Pattern parsed = Pattern.parse(rearrangement);
        Set<String> used = union(names(parsed.left()), names(parsed.right()));
        Map<String, Long> needed = new LinkedHashMap<>();
        lengths.forEach((k, v) -> {
            if (used.contains(k)) {
                needed.put(k, v);
            }
        });
        return Collections.unmodifiableMap(needed);
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
}
