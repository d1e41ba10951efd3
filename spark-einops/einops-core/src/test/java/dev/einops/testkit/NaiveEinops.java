package dev.einops.testkit;

import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;
import dev.einops.types.Reduction;
import dev.einops.internal.parse.Axis;
import dev.einops.internal.parse.AxisGroup;
import dev.einops.internal.parse.EllipsisAxis;
import dev.einops.internal.parse.NamedAxis;
import dev.einops.internal.parse.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rearrange / reduce / repeat written as one loop over elements, straight from the parsed pattern:
 * an oracle that shares nothing with the engine beyond the parser. Valid inputs only.
 */
public final class NaiveEinops {
    private NaiveEinops() {
    }

    public static HostArray rearrange(HostArray x, String pattern, Map<String, Long> axes) {
        return apply(x, pattern, null, axes);
    }

    public static HostArray repeat(HostArray x, String pattern, Map<String, Long> axes) {
        return apply(x, pattern, null, axes);
    }

    public static HostArray reduce(HostArray x, String pattern, Reduction reduction, Map<String, Long> axes) {
        return apply(x, pattern, reduction, axes);
    }

    private static HostArray apply(HostArray x, String pattern, Reduction reduction, Map<String, Long> axes) {
        Pattern p = Pattern.parse(pattern);
        List<List<Axis>> left = expand(p.left().composition(), x.rank() - (p.left().composition().size() - 1));
        int ellipsisRank = x.rank() - (p.left().composition().size() - 1);
        List<List<Axis>> right = expand(p.right().composition(), ellipsisRank);

        Map<Axis, Long> length = new LinkedHashMap<>();
        axes.forEach((k, v) -> length.put(new NamedAxis(k), v));
        for (int i = 0; i < left.size(); i++) {
            long known = 1;
            Axis unknown = null;
            for (Axis a : left.get(i)) {
                Long l = fixed(a, length);
                if (l == null) {
                    unknown = a;
                } else {
                    known *= l;
                }
            }
            if (unknown != null) {
                length.put(unknown, x.shape()[i] / known);
            }
        }
        for (List<Axis> group : right) {
            for (Axis a : group) {
                length.putIfAbsent(a, fixed(a, length));
            }
        }
        long[] outShape = new long[right.size()];
        for (int i = 0; i < right.size(); i++) {
            outShape[i] = 1;
            for (Axis a : right.get(i)) {
                outShape[i] *= length.get(a);
            }
        }
        List<Axis> leftAxes = left.stream().flatMap(List::stream).toList();
        List<Axis> rightAxes = right.stream().flatMap(List::stream).toList();
        boolean reducing = reduction != null && leftAxes.stream().anyMatch(a -> !rightAxes.contains(a));
        if (reducing) {
            return reduceLoop(x, reduction, left, right, length, outShape);
        }
        return gatherLoop(x, left, right, length, outShape);
    }

    /** Output element by output element: the input element with the same left-side axis values. */
    private static HostArray gatherLoop(HostArray x, List<List<Axis>> left, List<List<Axis>> right,
                                         Map<Axis, Long> length, long[] outShape) {
        HostArrays.Buffer out = HostArrays.zeros(outShape, x.family());
        Map<Axis, Long> value = new HashMap<>();
        for (int o = 0; o < out.size(); o++) {
            decompose(o, outShape, right, length, value);
            out.set(o, x, (int) compose(x.shape(), left, length, value));
        }
        return out.toHost();
    }

    /** Input element by input element, accumulated into the output element it belongs to. */
    private static HostArray reduceLoop(HostArray x, Reduction reduction, List<List<Axis>> left,
                                         List<List<Axis>> right, Map<Axis, Long> length, long[] outShape) {
        int n = Math.toIntExact(HostArrays.elementCount(outShape));
        List<List<Double>> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            groups.add(new ArrayList<>());
        }
        List<List<Long>> longGroups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            longGroups.add(new ArrayList<>());
        }
        Map<Axis, Long> value = new HashMap<>();
        for (int i = 0; i < x.size(); i++) {
            decompose(i, x.shape(), left, length, value);
            int o = (int) compose(outShape, right, length, value);
            groups.get(o).add(x.getDouble(i));
            longGroups.get(o).add(x.getLong(i));
        }
        DTypeFamily family = reduction.resultFamily(x.family());
        HostArrays.Buffer out = HostArrays.zeros(outShape, family);
        for (int o = 0; o < n; o++) {
            List<Double> g = groups.get(o);
            List<Long> gl = longGroups.get(o);
            switch (family) {
                case FLOATING -> out.doubles[o] = switch (reduction) {
                    case SUM -> g.stream().mapToDouble(Double::doubleValue).sum();
                    case MEAN -> g.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                    case PROD -> g.stream().mapToDouble(Double::doubleValue).reduce(1, (a, b) -> a * b);
                    case MIN -> g.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                    case MAX -> g.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                    default -> throw new IllegalStateException();
                };
                case INTEGER -> out.longs[o] = switch (reduction) {
                    case SUM -> gl.stream().mapToLong(Long::longValue).sum();
                    case PROD -> gl.stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
                    case MIN -> gl.stream().mapToLong(Long::longValue).min().orElseThrow();
                    case MAX -> gl.stream().mapToLong(Long::longValue).max().orElseThrow();
                    default -> throw new IllegalStateException();
                };
                case BOOLEAN -> out.booleans[o] = switch (reduction) {
                    case ANY, MAX -> g.stream().anyMatch(v -> v != 0);
                    case ALL, MIN -> g.stream().allMatch(v -> v != 0);
                    default -> throw new IllegalStateException();
                };
            }
        }
        return out.toHost();
    }

    /** Splits flat C-order index {@code flat} of {@code shape} into values of the elementary axes. */
    private static void decompose(long flat, long[] shape, List<List<Axis>> groups, Map<Axis, Long> length,
                                  Map<Axis, Long> value) {
        for (int g = groups.size() - 1; g >= 0; g--) {
            long index = flat % shape[g];
            flat /= shape[g];
            List<Axis> axes = groups.get(g);
            for (int k = axes.size() - 1; k >= 0; k--) {
                long l = length.get(axes.get(k));
                value.put(axes.get(k), index % l);
                index /= l;
            }
        }
    }

    private static long compose(long[] shape, List<List<Axis>> groups, Map<Axis, Long> length, Map<Axis, Long> value) {
        long flat = 0;
        for (int g = 0; g < groups.size(); g++) {
            long index = 0;
            for (Axis a : groups.get(g)) {
                index = index * length.get(a) + value.getOrDefault(a, 0L);
            }
            flat = flat * shape[g] + index;
        }
        return flat;
    }

    private static Long fixed(Axis a, Map<Axis, Long> given) {
        if (a instanceof dev.einops.internal.parse.AnonymousAxis anonymous) {
            return anonymous.length();
        }
        return given.get(a);
    }

    private static List<List<Axis>> expand(List<AxisGroup> composition, int ellipsisRank) {
        List<List<Axis>> out = new ArrayList<>();
        for (AxisGroup g : composition) {
            if (g.isEllipsis()) {
                for (int i = 0; i < ellipsisRank; i++) {
                    out.add(List.of(new NamedAxis("..." + i)));
                }
                continue;
            }
            List<Axis> axes = new ArrayList<>();
            for (Axis a : g.axes()) {
                if (a == EllipsisAxis.INSTANCE) {
                    for (int i = 0; i < ellipsisRank; i++) {
                        axes.add(new NamedAxis("..." + i));
                    }
                } else {
                    axes.add(a);
                }
            }
            out.add(axes);
        }
        return out;
    }
}
