package dev.einops.nd4j;

import dev.einops.types.Reduction;
import sun.misc.Unsafe;

/**
 * The loop nest of {@link StridedReduce}, for one reduction and element type; stateless, so
 * threads can share it. The double and float kernels are written out separately: generic code
 * would box every element.
 */
abstract class ReduceKernel {
    static final Unsafe MEMORY = StridedRegion.MEMORY;
    final long from;
    final long to;
    final Reduction reduction;

    ReduceKernel(long from, long to, Reduction reduction) {
        this.from = from;
        this.to = to;
        this.reduction = reduction;
    }

    static ReduceKernel of(long from, long to, boolean doubles, Reduction reduction) {
        return doubles ? new DoubleKernel(from, to, reduction) : new FloatKernel(from, to, reduction);
    }

    /**
     * The kernel for {@code src} reduced into {@code dst}: the Vector API's where it is available
     * (see {@link VectorLoops}) and {@code vectors} allows it, else the scalar one.
     */
    static ReduceKernel of(StridedRegion src, StridedRegion dst, Reduction reduction, boolean vectors) {
        ReduceKernel scalar = of(src.address(), dst.address(), src.width() == 8, reduction);
        return vectors ? VectorLoops.reduceKernel(scalar, src, dst) : scalar;
    }

    /**
     * Whether {@link #fold} handles this window: source offsets {@code window} around each of a
     * run's outputs, which lie {@code ss} source and {@code ds} output elements apart.
     */
    boolean foldsWindow(long[] window, long ss, long ds) {
        return false;
    }

    /**
     * n outputs, each reduced from the source elements at {@code window} offsets around its
     * position: written as they are ({@code direct}: the window holds every element reduced into
     * it), else combined with the output. Only for windows {@link #foldsWindow} accepts.
     */
    void fold(long s, long ss, long d, long ds, long n, long[] window, boolean direct) {
        throw new UnsupportedOperationException("no window loop in " + getClass().getSimpleName());
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

    /**
     * Walks indices [from, to) of the outermost loop axis and everything inside them; the
     * innermost axis is folded with {@code window} when there is one.
     */
    void walk(long[][] axes, long[] window, boolean direct, long srcBase, long dstBase, long first, long end) {
        int depth = axes.length;
        long[] index = new long[depth];
        index[0] = first;
        long s = srcBase + first * axes[0][1];
        long d = dstBase + first * axes[0][2];
        long[] inner = axes[depth - 1];
        while (true) {
            long n = depth == 1 ? end - first : inner[0];
            if (window != null) {
                fold(s, inner[1], d, inner[2], n, window, direct);
            } else {
                run(s, inner[1], d, inner[2], n, inner[3] == 1);
            }
            if (depth == 1) {
                return;
            }
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

    /** Doubles, computed in double. */
    private static final class DoubleKernel extends ReduceKernel {
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
    private static final class FloatKernel extends ReduceKernel {
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
