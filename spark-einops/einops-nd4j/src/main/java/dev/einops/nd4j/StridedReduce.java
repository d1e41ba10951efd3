package dev.einops.nd4j;

import dev.einops.types.Reduction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reduces a strided region of doubles or floats over some axes, in Java, on all cores. ND4J
 * reduces each output element's elements as a separate strided "tensor along dimension", which is
 * slow when those are short and scattered (2x2 max-pooling: 2 to 40 times the copy floor). This
 * kernel walks the source in memory order, so every byte is read once and in sequence, and
 * accumulates into the output as it goes. NaN propagates through min and max ({@code Math.max}),
 * as in numpy.
 */
final class StridedReduce {
    private static final int SHORT_RUN = 16;
    /** Reduced axes with at most this many elements in all may be folded in registers (pooling windows). */
    static final int MAX_WINDOW = 16;

    private StridedReduce() {
    }

    /** The source offsets of every element of {@code axes} ({length, source stride, ...} each), in order. */
    private static long[] offsets(List<long[]> axes) {
        long[] offsets = {0};
        for (long[] axis : axes) {
            long[] next = new long[offsets.length * (int) axis[0]];
            for (int i = 0; i < offsets.length; i++) {
                for (int j = 0; j < axis[0]; j++) {
                    next[i * (int) axis[0] + j] = offsets[i] + j * axis[1];
                }
            }
            offsets = next;
        }
        return offsets;
    }

    /** Whether the kernel computes {@code reduction} for elements of {@code width} bytes that are floating. */
    static boolean supports(Reduction reduction) {
        return reduction != Reduction.ANY && reduction != Reduction.ALL;
    }

    /**
     * {@code dst} = {@code src} reduced over {@code axes}; {@code dst} has src's shape without them
     * and the same element type, double ({@code width} 8) or float (4).
     */
    static void reduce(StridedRegion src, int[] axes, Reduction reduction, StridedRegion dst) {
        reduce(src, axes, reduction, dst, true);
    }

    /** {@link #reduce(StridedRegion, int[], Reduction, StridedRegion)}, on the scalar loops unless {@code vectors}. */
    static void reduce(StridedRegion src, int[] axes, Reduction reduction, StridedRegion dst, boolean vectors) {
        boolean[] reduced = new boolean[src.shape().length];
        for (int a : axes) {
            reduced[a] = true;
        }
        List<long[]> loop = new ArrayList<>();   // {length, source stride, destination stride, reduced}
        long count = 1;
        for (int a = 0, k = 0; a < reduced.length; a++) {
            long dstStride = reduced[a] ? 0 : dst.strides()[k++];
            if (reduced[a]) {
                count *= src.shape()[a];
            }
            if (src.shape()[a] != 1) {
                loop.add(new long[] {src.shape()[a], src.strides()[a], dstStride, reduced[a] ? 1 : 0});
            }
        }
        loop.sort(Comparator.comparingLong((long[] x) -> x[1]).reversed());
        for (int i = loop.size() - 2; i >= 0; i--) {
            long[] outer = loop.get(i);
            long[] inner = loop.get(i + 1);
            if (outer[3] == inner[3] && outer[1] == inner[1] * inner[0]
                    && (outer[3] == 1 || outer[2] == inner[2] * inner[0])) {
                loop.set(i, new long[] {outer[0] * inner[0], inner[1], inner[2], inner[3]});
                loop.remove(i + 1);
            }
        }
        int last = loop.size() - 1;
        if (last >= 1 && loop.get(last)[0] < SHORT_RUN) {
            // A short innermost axis (the 2 of 2x2 pooling) makes runs too short: loop over the
            // next axis innermost instead; both still stay within a few cache lines.
            long[] shortAxis = loop.get(last);
            loop.set(last, loop.get(last - 1));
            loop.set(last - 1, shortAxis);
        }
        ReduceKernel kernel = ReduceKernel.of(src, dst, reduction, vectors);
        // A kernel that can fold the reduced axes just outside an innermost kept axis in registers
        // (the 2 x 2 window of pooling) reads each output's window and writes it once, instead of
        // reading and writing the output once per window element.
        long[] window = null;
        int keptInner = loop.size() - 1;
        if (keptInner >= 1 && loop.get(keptInner)[3] == 0) {
            int first = keptInner;
            long size = 1;
            while (first > 0 && loop.get(first - 1)[3] == 1 && size * loop.get(first - 1)[0] <= MAX_WINDOW) {
                size *= loop.get(--first)[0];
            }
            long[] offsets = size > 1 ? offsets(loop.subList(first, keptInner)) : null;
            if (offsets != null && kernel.foldsWindow(offsets, loop.get(keptInner)[1], loop.get(keptInner)[2])) {
                window = offsets;
                loop.subList(first, keptInner).clear();
            }
        }
        boolean direct = window != null && loop.stream().noneMatch(x -> x[3] == 1);
        long outputs = dst.elementCount();
        if (!direct) {
            kernel.fill(dst.offset(), outputs);
        }
        if (!loop.isEmpty()) {
            long[][] axesInOrder = loop.toArray(new long[0][]);
            long[] folded = window;
            // only a kept outermost axis splits the output into parts no two threads share
            boolean splittable = axesInOrder[0][3] == 0 && axesInOrder.length > 1;
            long outer = axesInOrder[0][0];
            if (splittable) {
                ParallelRange.forEach(outer, src.elementCount(),
                        (from, to) -> kernel.walk(axesInOrder, folded, direct, src.offset(), dst.offset(), from, to));
            } else {
                kernel.walk(axesInOrder, folded, direct, src.offset(), dst.offset(), 0, outer);
            }
        }
        if (reduction == Reduction.MEAN) {
            kernel.divide(dst.offset(), outputs, count);
        }
    }
}
