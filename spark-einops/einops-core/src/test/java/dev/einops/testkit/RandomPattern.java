package dev.einops.testkit;

import dev.einops.HostArray;
import dev.einops.DTypeFamily;
import dev.einops.Reduction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random valid rearrange / reduce / repeat call, from a seed: up to five named axes of length
 * 1 to 4, grouped at random on each side, in random orders, with the axis lengths that make the
 * call solvable.
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

    public String pattern() {
        return left + " -> " + right;
    }

    public String inversePattern() {
        return right + " -> " + left;
    }

    /** A random call of {@code kind}, the same for the same seed. */
    public static RandomPattern of(Kind kind, long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(5);
        List<String> names = new ArrayList<>();
        Map<String, Long> lengths = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = String.valueOf((char) ('a' + i)) + (random.nextBoolean() ? "" : String.valueOf(i));
            names.add(name);
            lengths.put(name, 1L + random.nextInt(4));
        }
        List<List<String>> leftGroups = group(names, random);
        List<String> kept = new ArrayList<>(names);
        if (kind == Kind.REDUCE) {
            Collections.shuffle(kept, random);
            kept = new ArrayList<>(kept.subList(0, random.nextInt(n + 1)));
        }
        List<String> rightAxes = new ArrayList<>(kept);
        Map<String, Long> axes = new LinkedHashMap<>();
        if (kind == Kind.REPEAT) {
            int extra = 1 + random.nextInt(2);
            for (int i = 0; i < extra; i++) {
                String name = "r" + i;
                rightAxes.add(name);
                long length = random.nextInt(4);
                lengths.put(name, length);
                axes.put(name, length);
            }
        }
        Collections.shuffle(rightAxes, random);
        List<List<String>> rightGroups = group(rightAxes, random);
        long[] shape = new long[leftGroups.size()];
        for (int g = 0; g < shape.length; g++) {
            shape[g] = 1;
            List<String> group = leftGroups.get(g);
            for (String axis : group) {
                shape[g] *= lengths.get(axis);
            }
            // every axis of a composition but one needs its length
            int unknown = group.isEmpty() ? -1 : random.nextInt(group.size());
            for (int k = 0; k < group.size(); k++) {
                if (k != unknown || random.nextInt(4) == 0) {
                    axes.put(group.get(k), lengths.get(group.get(k)));
                }
            }
        }
        DTypeFamily family = DTypeFamily.values()[random.nextInt(3)];
        Reduction reduction = null;
        if (kind == Kind.REDUCE) {
            List<Reduction> allowed = new ArrayList<>(List.of(Reduction.values()));
            if (family != DTypeFamily.FLOATING) {
                allowed.remove(Reduction.MEAN);
            }
            reduction = allowed.get(random.nextInt(allowed.size()));
        }
        return new RandomPattern(render(leftGroups), render(rightGroups), shape, axes, lengths, reduction, family);
    }

    /** Consecutive groups of 0 to 3 axes; groups of one axis are sometimes parenthesized. */
    private static List<List<String>> group(List<String> axes, Random random) {
        List<List<String>> groups = new ArrayList<>();
        int i = 0;
        while (i < axes.size()) {
            if (random.nextInt(8) == 0) {
                groups.add(List.of());
            }
            int size = Math.min(axes.size() - i, 1 + random.nextInt(3));
            groups.add(new ArrayList<>(axes.subList(i, i + size)));
            i += size;
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
     * The same call with one more input axis {@code zz} of {@code length} in front, placed at a
     * random position of the output (or reduced, for a reduction): a way to make the random
     * patterns large enough for the code paths that only large tensors take.
     */
    public RandomPattern widened(long length, long seed) {
        Random random = new Random(seed);
        String[] outputAxes = right.isBlank() ? new String[0] : right.split(" (?![^(]*\\))");
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of(outputAxes));
        boolean reduceIt = reduction != null && random.nextBoolean();
        if (!reduceIt) {
            out.add(random.nextInt(out.size() + 1), "zz");
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = length;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        Map<String, Long> lengths = new LinkedHashMap<>(allLengths);
        lengths.put("zz", length);
        return new RandomPattern(("zz " + left).trim(), String.join(" ", out), shape, axes, lengths, reduction, family);
    }

    /** An input of this call's shape and family, with varied values. */
    public HostArray input(long seed) {
        Random random = new Random(seed);
        int size = Math.toIntExact(HostArrays.elementCount(inputShape));
        return switch (family) {
            case FLOATING -> HostArrays.ofDoubles(inputShape, random.doubles(size, -4, 4)
                    .map(v -> Math.round(v * 4) / 4.0).toArray());
            case INTEGER -> HostArrays.ofLongs(inputShape, random.longs(size, -9, 10).toArray());
            case BOOLEAN -> {
                boolean[] v = new boolean[size];
                for (int i = 0; i < size; i++) {
                    v[i] = random.nextBoolean();
                }
                yield HostArrays.ofBooleans(inputShape, v);
            }
        };
    }

    @Override
    public String toString() {
        return pattern() + " on " + java.util.Arrays.toString(inputShape) + " " + family + " axes=" + axes
                + (reduction != null ? " " + reduction.label() : "");
    }
}
