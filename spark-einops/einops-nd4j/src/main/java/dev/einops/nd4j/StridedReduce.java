package dev.einops.nd4j;

import dev.einops.Reduction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sun.misc.Unsafe;

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

    private StridedReduce() {
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
        Kernel kernel = Kernel.of(src.address(), dst.address(), src.width() == 8, reduction);
        long outputs = dst.elementCount();
        kernel.fill(dst.offset(), outputs);
        if (!loop.isEmpty()) {
            long[][] axesInOrder = loop.toArray(new long[0][]);
            // only a kept outermost axis splits the output into parts no two threads share
            boolean splittable = axesInOrder[0][3] == 0 && axesInOrder.length > 1;
            long outer = axesInOrder[0][0];
            if (splittable) {
                ParallelRange.forEach(outer, src.elementCount(),
                        (from, to) -> kernel.walk(axesInOrder, src.offset(), dst.offset(), from, to));
            } else {
                kernel.walk(axesInOrder, src.offset(), dst.offset(), 0, outer);
            }
        }
        if (reduction == Reduction.MEAN) {
            kernel.divide(dst.offset(), outputs, count);
        }
    }

    /** The loop nest, for one reduction and element type; stateless, so threads can share it. */
    private abstract static class Kernel {
        static final Unsafe MEMORY = StridedRegion.MEMORY;
        final long from;
        final long to;
        final Reduction reduction;

        Kernel(long from, long to, Reduction reduction) {
            this.from = from;
            this.to = to;
            this.reduction = reduction;
        }

        static Kernel of(long from, long to, boolean doubles, Reduction reduction) {
            return doubles ? new DoubleKernel(from, to, reduction) : new FloatKernel(from, to, reduction);
        }

        /** Sets n output elements from {@code offset} on to the reduction's identity. */
        abstract void fill(long offset, long n);

        /** Divides n output elements by {@code count} (for mean). */
        abstract void divide(long offset, long n, long count);

        /** One innermost run of n elements: folded into one output element, or into n of them. */
        abstract void run(long s, long ss, long d, long ds, long n, boolean reducedRun);

        double identity() {
            return switch (reduction) {
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
                case PROD -> 1;
                default -> 0;
            };
        }

        /** Walks indices [from, to) of the outermost loop axis and everything inside them. */
        void walk(long[][] axes, long srcBase, long dstBase, long first, long end) {
            int depth = axes.length;
            long[] index = new long[depth];
            index[0] = first;
            long s = srcBase + first * axes[0][1];
            long d = dstBase + first * axes[0][2];
            long[] inner = axes[depth - 1];
            while (true) {
                if (depth == 1) {
                    run(s, inner[1], d, inner[2], end - first, inner[3] == 1);
                    return;
                }
                run(s, inner[1], d, inner[2], inner[0], inner[3] == 1);
                int k = depth - 2;
                for (; k >= 0; k--) {
                    index[k]++;
                    s += axes[k][1];
                    d += axes[k][2];
                    if (index[k] < (k == 0 ? end : axes[k][0])) {
                        break;
                    }
                    if (k == 0) {
                        return;
                    }
                    s -= axes[k][1] * index[k];
                    d -= axes[k][2] * index[k];
                    index[k] = 0;
                }
            }
        }
    }

    /** Doubles, computed in double. */
    private static final class DoubleKernel extends Kernel {
        DoubleKernel(long from, long to, Reduction reduction) {
            super(from, to, reduction);
        }

        private double read(long i) {
            return MEMORY.getDouble(from + (i << 3));
        }

        private double get(long i) {
            return MEMORY.getDouble(to + (i << 3));
        }

        private void set(long i, double v) {
            MEMORY.putDouble(to + (i << 3), v);
        }

        @Override
        void fill(long offset, long n) {
            double identity = identity();
            for (long i = 0; i < n; i++) {
                set(offset + i, identity);
            }
        }

        @Override
        void divide(long offset, long n, long count) {
            for (long i = 0; i < n; i++) {
                set(offset + i, get(offset + i) / count);
            }
        }

        @Override
        void run(long s, long ss, long d, long ds, long n, boolean reducedRun) {
            if (reducedRun) {
                double acc = identity();
                switch (reduction) {
                    case MAX -> {
                        for (long i = 0; i < n; i++, s += ss) {
                            acc = Math.max(acc, read(s));
                        }
                        set(d, Math.max(get(d), acc));
                    }
                    case MIN -> {
                        for (long i = 0; i < n; i++, s += ss) {
                            acc = Math.min(acc, read(s));
                        }
                        set(d, Math.min(get(d), acc));
                    }
                    case PROD -> {
                        for (long i = 0; i < n; i++, s += ss) {
                            acc *= read(s);
                        }
                        set(d, get(d) * acc);
                    }
                    default -> {
                        for (long i = 0; i < n; i++, s += ss) {
                            acc += read(s);
                        }
                        set(d, get(d) + acc);
                    }
                }
                return;
            }
            switch (reduction) {
                case MAX -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        set(d, Math.max(get(d), read(s)));
                    }
                }
                case MIN -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        set(d, Math.min(get(d), read(s)));
                    }
                }
                case PROD -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        set(d, get(d) * read(s));
                    }
                }
                default -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        set(d, get(d) + read(s));
                    }
                }
            }
        }
    }

    /**
     * Floats, computed in float (converting each element to double and back costs several times
     * the loop itself); a folded sum accumulates in double for accuracy.
     */
    private static final class FloatKernel extends Kernel {
        FloatKernel(long from, long to, Reduction reduction) {
            super(from, to, reduction);
        }

        private float read(long i) {
            return MEMORY.getFloat(from + (i << 2));
        }

        private float get(long i) {
            return MEMORY.getFloat(to + (i << 2));
        }

        private void set(long i, float v) {
            MEMORY.putFloat(to + (i << 2), v);
        }

        @Override
        void fill(long offset, long n) {
            float identity = (float) identity();
            for (long i = 0; i < n; i++) {
                set(offset + i, identity);
            }
        }

        @Override
        void divide(long offset, long n, long count) {
            for (long i = 0; i < n; i++) {
                set(offset + i, (float) ((double) get(offset + i) / count));
            }
        }

        @Override
        void run(long s, long ss, long d, long ds, long n, boolean reducedRun) {
            if (reducedRun) {
                switch (reduction) {
                    case MAX -> {
                        float acc = Float.NEGATIVE_INFINITY;
                        for (long i = 0; i < n; i++, s += ss) {
                            acc = Math.max(acc, read(s));
                        }
                        set(d, Math.max(get(d), acc));
                    }
                    case MIN -> {
                        float acc = Float.POSITIVE_INFINITY;
                        for (long i = 0; i < n; i++, s += ss) {
                            acc = Math.min(acc, read(s));
                        }
                        set(d, Math.min(get(d), acc));
                    }
                    case PROD -> {
                        float acc = 1;
                        for (long i = 0; i < n; i++, s += ss) {
                            acc *= read(s);
                        }
                        set(d, get(d) * acc);
                    }
                    default -> {
                        double acc = 0;
                        for (long i = 0; i < n; i++, s += ss) {
                            acc += read(s);
                        }
                        set(d, (float) (get(d) + acc));
                    }
                }
                return;
            }
            switch (reduction) {
                case MAX -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        set(d, Math.max(get(d), read(s)));
                    }
                }
                case MIN -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        set(d, Math.min(get(d), read(s)));
                    }
                }
                case PROD -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        set(d, get(d) * read(s));
                    }
                }
                default -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        set(d, get(d) + read(s));
                    }
                }
            }
        }
    }
}
