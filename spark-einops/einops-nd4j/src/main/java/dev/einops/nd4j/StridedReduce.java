package dev.einops.nd4j;

import dev.einops.Reduction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reduces a strided region of doubles or floats over some axes, in Java, on all cores. ND4J
 * reduces each output element's elements as a separate strided "tensor along dimension", which is
 * slow when those are short and scattered (2x2 max-pooling: 2 to 40 times the copy floor). This
 * kernel walks the source in memory order, so every byte is read once and in sequence, and
 * accumulates into the output as it goes. NaN propagates through min and max, as in numpy.
 */
final class StridedReduce {
    private static final long PARALLEL_THRESHOLD = 1 << 16;

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
        Kernel kernel = new Kernel(src.buffer(), dst.buffer(), src.width() == 8, reduction);
        long outputs = dst.elementCount();
        kernel.fill(dst.offset(), outputs);
        if (!loop.isEmpty()) {
            long[][] axesInOrder = loop.toArray(new long[0][]);
            boolean splittable = axesInOrder[0][3] == 0 && axesInOrder.length > 1 && src.elementCount() >= PARALLEL_THRESHOLD;
            long outer = axesInOrder[0][0];
            long perChunk = splittable ? Math.max(1, outer / (4L * Runtime.getRuntime().availableProcessors())) : outer;
            int chunks = (int) ((outer + perChunk - 1) / perChunk);
            if (chunks == 1) {
                kernel.walk(axesInOrder, src.offset(), dst.offset(), 0, outer);
            } else {
                IntStream.range(0, chunks).parallel().forEach(c -> kernel.walk(axesInOrder, src.offset(), dst.offset(),
                        c * perChunk, Math.min(outer, (c + 1) * perChunk)));
            }
        }
        if (reduction == Reduction.MEAN) {
            kernel.divide(dst.offset(), outputs, count);
        }
    }

    /** The loops, for one element type and one reduction; only absolute buffer access, so threads can share it. */
    private static final class Kernel {
        private final ByteBuffer from;
        private final ByteBuffer to;
        private final boolean doubles;
        private final Reduction reduction;
        private final int width;

        Kernel(ByteBuffer from, ByteBuffer to, boolean doubles, Reduction reduction) {
            this.from = from;
            this.to = to;
            this.doubles = doubles;
            this.reduction = reduction;
            this.width = doubles ? 8 : 4;
        }

        private double read(long index) {
            int at = (int) (index * width);
            return doubles ? from.getDouble(at) : from.getFloat(at);
        }

        private double get(long index) {
            int at = (int) (index * width);
            return doubles ? to.getDouble(at) : to.getFloat(at);
        }

        private void set(long index, double value) {
            int at = (int) (index * width);
            if (doubles) {
                to.putDouble(at, value);
            } else {
                to.putFloat(at, (float) value);
            }
        }

        private double identity() {
            return switch (reduction) {
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
                case PROD -> 1;
                default -> 0;
            };
        }

        void fill(long offset, long n) {
            double identity = identity();
            for (long i = 0; i < n; i++) {
                set(offset + i, identity);
            }
        }

        void divide(long offset, long n, long count) {
            for (long i = 0; i < n; i++) {
                set(offset + i, get(offset + i) / count);
            }
        }

        /** Walks indices [from, to) of the outermost loop axis and everything inside them. */
        void walk(long[][] axes, long srcBase, long dstBase, long from, long to) {
            int depth = axes.length;
            long[] index = new long[depth];
            index[0] = from;
            long s = srcBase + from * axes[0][1];
            long d = dstBase + from * axes[0][2];
            long[] inner = axes[depth - 1];
            while (true) {
                if (depth == 1) {
                    run(s, inner[1], d, inner[2], to - from, inner[3] == 1);
                    return;
                }
                run(s, inner[1], d, inner[2], inner[0], inner[3] == 1);
                int k = depth - 2;
                for (; k >= 0; k--) {
                    index[k]++;
                    s += axes[k][1];
                    d += axes[k][2];
                    if (index[k] < (k == 0 ? to : axes[k][0])) {
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

        /** One innermost run of n elements: folded into one output element, or into n of them. */
        private void run(long s, long ss, long d, long ds, long n, boolean reducedRun) {
            if (reducedRun) {
                set(d, combine(get(d), fold(s, ss, n)));
                return;
            }
            switch (reduction) {
                case MAX -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        double v = read(s);
                        double acc = get(d);
                        if (v > acc || v != v) {
                            set(d, v);
                        }
                    }
                }
                case MIN -> {
                    for (long i = 0; i < n; i++, s += ss, d += ds) {
                        double v = read(s);
                        double acc = get(d);
                        if (v < acc || v != v) {
                            set(d, v);
                        }
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

        private double fold(long s, long ss, long n) {
            double acc = identity();
            switch (reduction) {
                case MAX -> {
                    for (long i = 0; i < n; i++, s += ss) {
                        double v = read(s);
                        acc = v > acc || v != v ? v : acc;
                    }
                }
                case MIN -> {
                    for (long i = 0; i < n; i++, s += ss) {
                        double v = read(s);
                        acc = v < acc || v != v ? v : acc;
                    }
                }
                case PROD -> {
                    for (long i = 0; i < n; i++, s += ss) {
                        acc *= read(s);
                    }
                }
                default -> {
                    for (long i = 0; i < n; i++, s += ss) {
                        acc += read(s);
                    }
                }
            }
            return acc;
        }

        private double combine(double acc, double v) {
            return switch (reduction) {
                case MAX -> v > acc || v != v ? v : acc;
                case MIN -> v < acc || v != v ? v : acc;
                case PROD -> acc * v;
                default -> acc + v;
            };
        }
    }
}
