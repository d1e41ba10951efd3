package dev.einops.testkit;

import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A random valid einsum call: one to four operands over up to five labels of length 1 to 3, with
 * repeated labels (diagonals), labels of length 1 broadcasting against longer ones, and an output
 * of distinct labels in some order.
 *
 * <p>{@link #calls()} composes it from jqwik arbitraries that shrink towards one label of length
 * 1, one operand of rank 0, nothing broadcast, an empty output and floating values. Like
 * {@link RandomPattern}, it has no edge cases, which would crowd out the random calls.
 *
 * @param pattern  the einsum pattern
 * @param operands the operands
 */
public record RandomEinsum(String pattern, List<HostArray> operands) {
    private static final int MAX_LABELS = 5;

    /** One operand: its labels (indices into the call's labels) and which of its axes have length 1. */
    private record Operand(List<Integer> labels, List<Boolean> broadcast) {
    }

    /** The output: per label, whether it is kept and a key that orders the kept ones. */
    private record Output(List<Boolean> kept, List<Integer> orderKeys) {
    }

    /**
     * Random valid calls, shrinking towards small patterns. The number of labels is the length of
     * the list of their lengths; operands pick labels modulo that number, so that dropping a label
     * keeps the rest of the call.
     */
    public static Arbitrary<RandomEinsum> calls() {
        Arbitrary<Operand> operand = Combinators.combine(Arbitraries.integers().between(0, MAX_LABELS - 1),
                        Arbitraries.frequency(Tuple.of(5, false), Tuple.of(1, true)))
                .as(Tuple::of).list().ofMaxSize(3)
                .map(axes -> new Operand(axes.stream().map(Tuple.Tuple2::get1).toList(),
                        axes.stream().map(Tuple.Tuple2::get2).toList()));
        return Combinators.combine(
                Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(MAX_LABELS),
                operand.list().ofMinSize(1).ofMaxSize(4),
                Combinators.combine(Arbitraries.of(false, true).list().ofSize(MAX_LABELS),
                        Arbitraries.integers().between(0, 9).list().ofSize(MAX_LABELS)).as(Output::new),
                Arbitraries.of(DTypeFamily.class), Arbitraries.longs())
                .as(RandomEinsum::build)
                .withoutEdgeCases();
    }

    private static RandomEinsum build(List<Integer> lengths, List<Operand> operands, Output output, DTypeFamily family,
                                      long valueSeed) {
        Random random = new Random(valueSeed);
        List<String> patterns = new ArrayList<>();
        List<HostArray> arrays = new ArrayList<>();
        LinkedHashSet<Integer> used = new LinkedHashSet<>();
        for (Operand operand : operands) {
            List<Integer> labels = operand.labels().stream().map(l -> l % lengths.size()).toList();
            long[] shape = new long[labels.size()];
            for (int a = 0; a < shape.length; a++) {
                // a length-1 axis broadcasts, unless the label repeats within this operand
                boolean repeated = labels.indexOf(labels.get(a)) != labels.lastIndexOf(labels.get(a));
                shape[a] = !repeated && operand.broadcast().get(a) ? 1 : lengths.get(labels.get(a));
            }
            patterns.add(String.join(" ", labels.stream().map(RandomEinsum::name).toList()));
            used.addAll(labels);
            arrays.add(HostArrays.random(shape, family, random));
        }
        List<String> out = used.stream().filter(output.kept()::get).sorted(Comparator.comparing(output.orderKeys()::get))
                .map(RandomEinsum::name).toList();
        return new RandomEinsum(String.join(", ", patterns) + " -> " + String.join(" ", out), arrays);
    }

    /** Label {@code i}: one letter or a longer name, as einops allows both. */
    private static String name(int i) {
        return i % 2 == 0 ? String.valueOf((char) ('i' + i)) : "ax" + i;
    }

    @Override
    public String toString() {
        return pattern + " on " + operands.stream().map(t -> java.util.Arrays.toString(t.shape())).toList();
    }
}
