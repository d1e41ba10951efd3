package dev.einops.testkit;

import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A random valid pack call: a pattern of up to two named axes on each side of {@code *}, and one
 * to four tensors that agree on the named axes, each with zero to two axes (of length 0 to 3)
 * for {@code *}, of any element family.
 *
 * <p>{@link #calls()} shrinks towards {@code "*"} alone, one tensor of rank 0, floating values; like
 * {@link RandomPattern}, it has no edge cases.
 *
 * @param pattern  the pack pattern, e.g. {@code "n0 * n1"}
 * @param inputs   the tensors to pack
 */
public record RandomPack(String pattern, List<HostArray> inputs) {

    /** One tensor: the lengths of its axes for {@code *}, and its family. */
    private record Part(List<Integer> starLengths, DTypeFamily family) {
    }

    /** Random valid calls, shrinking towards small ones. */
    public static Arbitrary<RandomPack> calls() {
        Arbitrary<List<Integer>> lengths = Arbitraries.integers().between(1, 3).list().ofMaxSize(2);
        Arbitrary<Part> part = Combinators.combine(Arbitraries.integers().between(0, 3).list().ofMaxSize(2),
                Arbitraries.of(DTypeFamily.class)).as(Part::new);
        return Combinators.combine(lengths, lengths, part.list().ofMinSize(1).ofMaxSize(4), Arbitraries.longs())
                .as(RandomPack::build)
                .withoutEdgeCases();
    }

    private static RandomPack build(List<Integer> before, List<Integer> after, List<Part> parts, long valueSeed) {
        List<String> axes = new ArrayList<>();
        for (int i = 0; i < before.size() + after.size(); i++) {
            axes.add("n" + i);
        }
        axes.add(before.size(), "*");
        Random random = new Random(valueSeed);
        List<HostArray> inputs = new ArrayList<>();
        for (Part part : parts) {
            List<Integer> dims = new ArrayList<>(before);
            dims.addAll(part.starLengths());
            dims.addAll(after);
            inputs.add(HostArrays.random(dims.stream().mapToLong(Integer::longValue).toArray(), part.family(), random));
        }
        return new RandomPack(String.join(" ", axes), inputs);
    }

    @Override
    public String toString() {
        return "pack(" + inputs.stream().map(t -> java.util.Arrays.toString(t.shape()) + " " + t.family()).toList()
                + ", \"" + pattern + "\")";
    }
}
