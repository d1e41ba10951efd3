package dev.einops.testkit;

import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;
import dev.einops.types.Reduction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * A random valid rearrange / reduce / repeat call: up to five named axes of length 1 to 4,
 * grouped on each side, in some order, with the axis lengths that make the call solvable.
 *
 * <p>{@link #calls(Kind)} composes it from jqwik arbitraries, each choice shrinking towards the
 * simplest: one axis, of length 1, named by a bare letter, every axis its own group, the output in
 * input order, no unit axes, no axis length given that the input tells, floating values. A failing
 * property therefore reports a small pattern. It has no edge cases: the combinations of its parts'
 * edge cases would crowd out the random calls (half the tries would have one axis).
 *
 * @param left        the input side
 * @param right       the output side
 * @param inputShape  the input's shape
 * @param axes        axis lengths for the call
 * @param allLengths  the length of every named axis (for the inverse pattern)
 * @param reduction   the reduction (reduce only), valid for {@code family}
 * @param family      the input's element family
 */
public record RandomPattern(String left, String right, long[] inputShape, Map<String, Long> axes,
                            Map<String, Long> allLengths, Reduction reduction, DTypeFamily family) {

    public enum Kind { REARRANGE, REDUCE, REPEAT }

    /** The most axes of the input side. */
    private static final int MAX_AXES = 5;
    /** The most new axes of repeat. */
    private static final int MAX_NEW_AXES = 2;

    public String pattern() {
        return left + " -> " + right;
    }

    public String inversePattern() {
        return right + " -> " + left;
    }

    /** The named axes: their lengths, and whether a name carries its index ({@code b1}) or not ({@code b}). */
    private record Axes(List<Integer> lengths, List<Boolean> indexed) {
    }

    /**
     * How a list of axes is grouped: whether each axis joins the previous one's group (three at
     * most), and whether a unit axis {@code ()} comes before each group.
     */
    private record Grouping(List<Boolean> joinsPrevious, List<Boolean> unitBefore) {
    }

    /**
     * The rest of a call: the output order (axes sorted by these keys, stably), which axes a
     * reduction keeps, which input lengths are given although the input tells them, and the
     * lengths of repeat's new axes.
     */
    private record Choices(List<Integer> orderKeys, List<Boolean> kept, List<Boolean> given, List<Integer> newLengths) {
    }

    /**
     * Random valid calls of {@code kind}, shrinking towards small patterns. The number of axes is
     * the length of the list of their lengths, so that shrinking drops axes and keeps the other
     * choices; those are drawn for the most axes and read for as many as there are.
     */
    public static Arbitrary<RandomPattern> calls(Kind kind) {
        int most = MAX_AXES + MAX_NEW_AXES;
        Arbitrary<Axes> axes = Combinators.combine(Arbitraries.integers().between(1, 4).list().ofMinSize(1)
                .ofMaxSize(MAX_AXES).withSizeDistribution(RandomDistribution.uniform()), flags(MAX_AXES)).as(Axes::new);
        return Combinators.combine(axes, grouping(MAX_AXES), grouping(most), choices(kind),
                Arbitraries.of(DTypeFamily.class), Arbitraries.of(Reduction.class))
                .as((a, left, right, choices, family, reduction) -> build(kind, a, left, right, choices, family, reduction))
                .withoutEdgeCases();
    }

    /**
     * One call of {@code kind}, the same for the same seed, for tests that are not properties (on
     * a jqwik thread: a jqwik {@code @Example}, property or hook).
     */
    public static RandomPattern sample(Kind kind, long seed) {
        return calls(kind).generator(1000).next(new Random(seed)).value();
    }

    private static Arbitrary<Grouping> grouping(int n) {
        return Combinators.combine(flags(n), Arbitraries.frequency(
                net.jqwik.api.Tuple.of(7, false), net.jqwik.api.Tuple.of(1, true)).list().ofSize(n)).as(Grouping::new);
    }

    private static Arbitrary<Choices> choices(Kind kind) {
        Arbitrary<List<Integer>> newLengths = kind == Kind.REPEAT
                ? Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(MAX_NEW_AXES)
                : Arbitraries.just(List.of());
        Arbitrary<List<Boolean>> kept = kind == Kind.REDUCE ? flags(MAX_AXES)
                : Arbitraries.just(java.util.Collections.nCopies(MAX_AXES, true));
        return Combinators.combine(Arbitraries.integers().between(0, 9).list().ofSize(MAX_AXES + MAX_NEW_AXES),
                kept, flags(MAX_AXES), newLengths).as(Choices::new);
    }

    private static Arbitrary<List<Boolean>> flags(int n) {
        return Arbitraries.of(false, true).list().ofSize(n);
    }

    private static RandomPattern build(Kind kind, Axes axes, Grouping leftGrouping, Grouping rightGrouping,
                                       Choices choices, DTypeFamily family, Reduction reduction) {
        int n = axes.lengths().size();
        List<String> names = new ArrayList<>();
        Map<String, Long> lengths = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = (char) ('a' + i) + (axes.indexed().get(i) ? String.valueOf(i) : "");
            names.add(name);
            lengths.put(name, (long) axes.lengths().get(i));
        }
        List<String> rightAxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (choices.kept().get(i)) {
                rightAxes.add(names.get(i));
            }
        }
        Map<String, Long> given = new LinkedHashMap<>();
        for (int i = 0; i < choices.newLengths().size(); i++) {
            String name = "r" + i;
            rightAxes.add(name);
            lengths.put(name, (long) choices.newLengths().get(i));
            given.put(name, (long) choices.newLengths().get(i));
        }
        List<String> ordered = IntStream.range(0, rightAxes.size()).boxed()
                .sorted(Comparator.comparing(choices.orderKeys()::get)).map(rightAxes::get).toList();
        List<List<String>> leftGroups = group(names, leftGrouping);
        long[] shape = new long[leftGroups.size()];
        for (int g = 0; g < shape.length; g++) {
            List<String> group = leftGroups.get(g);
            shape[g] = group.stream().mapToLong(lengths::get).reduce(1, (a, b) -> a * b);
            // every axis of a composition but one needs its length; that one may be given too
            int unknown = -1;
            for (int k = 0; k < group.size(); k++) {
                if (!choices.given().get(names.indexOf(group.get(k)))) {
                    unknown = k;
                }
            }
            for (int k = 0; k < group.size(); k++) {
                if (k != unknown) {
                    given.put(group.get(k), lengths.get(group.get(k)));
                }
            }
        }
        Reduction validReduction = kind != Kind.REDUCE ? null
                : reduction == Reduction.MEAN && family != DTypeFamily.FLOATING ? Reduction.SUM : reduction;
        return new RandomPattern(render(leftGroups), render(group(ordered, rightGrouping)), shape, given, lengths,
                validReduction, family);
    }

    /** Groups the axes as {@code grouping} says; a unit axis is an empty group. */
    private static List<List<String>> group(List<String> axes, Grouping grouping) {
        List<List<String>> groups = new ArrayList<>();
        List<String> current = null;
        for (int i = 0; i < axes.size(); i++) {
            boolean joins = current != null && grouping.joinsPrevious().get(i) && current.size() < 3;
            if (!joins) {
                if (grouping.unitBefore().get(i)) {
                    groups.add(List.of());
                }
                current = new ArrayList<>();
                groups.add(current);
            }
            current.add(axes.get(i));
        }
        return groups;
    }

    private static String render(List<List<String>> groups) {
        List<String> parts = new ArrayList<>();
        for (List<String> g : groups) {
            parts.add(g.size() == 1 ? g.get(0) : "(" + String.join(" ", g) + ")");
        }
        return String.join(" ", parts);
    }

    /**
     * The same call with one more input axis {@code zz} of {@code length} in front: a way to make
     * the random patterns large enough for the code paths that only large tensors take. It goes to
     * output position {@code position} (modulo the output's rank plus one), or, for a reduction
     * when {@code reduceIt}, is reduced.
     */
    public RandomPattern widened(long length, int position, boolean reduceIt) {
        String[] outputAxes = right.isBlank() ? new String[0] : right.split(" (?![^(]*\\))");
        List<String> out = new ArrayList<>(List.of(outputAxes));
        if (reduction == null || !reduceIt) {
            out.add(position % (out.size() + 1), "zz");
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = length;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        Map<String, Long> lengths = new LinkedHashMap<>(allLengths);
        lengths.put("zz", length);
        return new RandomPattern(("zz " + left).trim(), String.join(" ", out), shape, axes, lengths, reduction, family);
    }

    /** An input of this call's shape and family, with values drawn from {@code seed}. */
    public HostArray input(long seed) {
        return HostArrays.random(inputShape, family, new Random(seed));
    }

    @Override
    public String toString() {
        return pattern() + " on " + java.util.Arrays.toString(inputShape) + " " + family + " axes=" + axes
                + (reduction != null ? " " + reduction.label() : "");
    }
}
