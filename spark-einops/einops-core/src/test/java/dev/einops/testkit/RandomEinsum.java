package dev.einops.testkit;

import dev.einops.HostArray;
import dev.einops.DTypeFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random valid einsum call from a seed: one to four operands over up to five labels of length 1
 * to 3, with repeated labels (diagonals), labels of length 1 broadcasting against longer ones, and
 * a random output of distinct labels.
 *
 * @param pattern  the einsum pattern
 * @param operands the operands
 */
public record RandomEinsum(String pattern, List<HostArray> operands) {

    public static RandomEinsum of(long seed) {
        Random random = new Random(seed);
        int labelCount = 1 + random.nextInt(5);
        Map<String, Long> length = new LinkedHashMap<>();
        for (int i = 0; i < labelCount; i++) {
            length.put(i % 2 == 0 ? String.valueOf((char) ('i' + i)) : "ax" + i, 1L + random.nextInt(3));
        }
        List<String> names = new ArrayList<>(length.keySet());
        DTypeFamily family = DTypeFamily.values()[random.nextInt(3)];
        int operandCount = 1 + random.nextInt(4);
        List<String> patterns = new ArrayList<>();
        List<HostArray> operands = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (int i = 0; i < operandCount; i++) {
            List<String> labels = new ArrayList<>();
            int rank = random.nextInt(4);
            for (int a = 0; a < rank; a++) {
                labels.add(names.get(random.nextInt(names.size())));
            }
            long[] shape = new long[rank];
            for (int a = 0; a < rank; a++) {
                long n = length.get(labels.get(a));
                // a length-1 axis broadcasts, unless the label repeats within this operand
                boolean repeated = labels.indexOf(labels.get(a)) != labels.lastIndexOf(labels.get(a));
                shape[a] = !repeated && random.nextInt(6) == 0 ? 1 : n;
            }
            patterns.add(String.join(" ", labels));
            used.addAll(labels);
            operands.add(input(shape, family, random));
        }
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(used));
        Collections.shuffle(distinct, random);
        List<String> output = distinct.subList(0, distinct.isEmpty() ? 0 : random.nextInt(distinct.size() + 1));
        return new RandomEinsum(String.join(", ", patterns) + " -> " + String.join(" ", output), operands);
    }

    private static HostArray input(long[] shape, DTypeFamily family, Random random) {
        int n = Math.toIntExact(HostArrays.elementCount(shape));
        return switch (family) {
            case FLOATING -> HostArrays.ofDoubles(shape, random.ints(n, -8, 9).mapToDouble(v -> v / 4.0).toArray());
            case INTEGER -> HostArrays.ofLongs(shape, random.longs(n, -5, 6).toArray());
            case BOOLEAN -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = random.nextInt(3) > 0;
                }
                yield HostArrays.ofBooleans(shape, v);
            }
        };
    }

    @Override
    public String toString() {
        return pattern + " on " + operands.stream().map(t -> java.util.Arrays.toString(t.shape())).toList();
    }
}
