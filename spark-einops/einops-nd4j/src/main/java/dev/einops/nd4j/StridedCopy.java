package dev.einops.nd4j;

import sun.misc.Unsafe;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one strided region into another of the same shape and element width, in Java, on all
 * cores. libnd4j's strided copy slows down several times at rank 5 and more, and aborts the JVM at
 * rank 16; this kernel first merges axes that are contiguous on both sides, then walks the
 * destination in order, with the source's unit-stride axis tiled against the destination's so that
 * both sides stream through the cache. A source stride of 0 repeats (broadcasts) an element.
 */
final class StridedCopy {
    private static final int TILE = 64;
    private static final int SHORT_RUN = 16;

    private StridedCopy() {
    }

    /** Copies every element of {@code src} to the same index of {@code dst}. */
    static void copy(StridedRegion src, StridedRegion dst) {
        Layout layout = Layout.merge(src, dst);
        long total = src.elementCount();
        if (total == 0) {
            return;
        }
        ElementMover mover = ElementMover.of(src.address(), dst.address(), src.width());
        int rank = layout.shape.length;
        if (rank == 0) {
            mover.run(src.offset(), 0, 1, dst.offset(), 0, 1, 1, 1);
            return;
        }
        int last = rank - 1;
        // A short last axis (a repeat of 2, a channel of 3) makes runs too short to pay for
        // themselves: run along a longer axis, with the short one just outside it.
        boolean shortLast = rank > 1 && layout.shape[last] < SHORT_RUN;
        int inner = shortLast ? layout.unitStrideAxisOtherThan(last, rank - 2) : last;
        int tiled = layout.tiledAxis(inner);
        // Without tiles, the axis just outside the inner one is walked inside the same call.
        int second = tiled >= 0 ? tiled : rank < 2 ? -1 : (inner == last ? last - 1 : last);
        List<Integer> outer = new ArrayList<>();
        for (int a = 0; a < rank; a++) {
            if (a != inner && a != second) {
                outer.add(a);
            }
        }
        // Outer axes in source order: each call writes a whole block, so it is the reads that gain
        // from consecutive calls touching neighbouring memory (a de-interleave reads each cache
        // line in two calls: best one right after the other).
        outer.sort((a, b) -> Long.compare(layout.src[b], layout.src[a]));
        int[] outerAxes = outer.stream().mapToInt(Integer::intValue).toArray();
        long outerCount = 1;
        for (int a : outerAxes) {
            outerCount *= layout.shape[a];
        }
        ParallelRange.forEach(outerCount, total, (from, to) -> copyRange(layout, mover, src.offset(), dst.offset(),
                outerAxes, inner, second, tiled >= 0, from, to));
    }

    private static void copyRange(Layout l, ElementMover mover, long srcOffset, long dstOffset, int[] outerAxes,
                                  int inner, int second, boolean tiles, long from, long to) {
        long[] index = new long[outerAxes.length];
        long rest = from;
        for (int k = outerAxes.length - 1; k >= 0; k--) {
            index[k] = rest % l.shape[outerAxes[k]];
            rest /= l.shape[outerAxes[k]];
        }
        long srcBase = srcOffset;
        long dstBase = dstOffset;
        for (int k = 0; k < outerAxes.length; k++) {
            srcBase += index[k] * l.src[outerAxes[k]];
            dstBase += index[k] * l.dst[outerAxes[k]];
        }
        long n = l.shape[inner];
        long ss = l.src[inner];
        long ds = l.dst[inner];
        long m = second < 0 ? 1 : l.shape[second];
        long ss2 = second < 0 ? 0 : l.src[second];
        long ds2 = second < 0 ? 0 : l.dst[second];
        for (long i = from; i < to; i++) {
            if (!tiles) {
                mover.run(srcBase, ss2, ss, dstBase, ds2, ds, m, n);
            } else {
                for (long pt = 0; pt < m; pt += TILE) {
                    long rows = Math.min(TILE, m - pt);
                    for (long ot = 0; ot < n; ot += TILE) {
                        mover.run(srcBase + pt * ss2 + ot * ss, ss2, ss, dstBase + pt * ds2 + ot * ds, ds2, ds,
                                rows, Math.min(TILE, n - ot));
                    }
                }
            }
            for (int k = outerAxes.length - 1; k >= 0; k--) {
                int a = outerAxes[k];
                index[k]++;
                srcBase += l.src[a];
                dstBase += l.dst[a];
                if (index[k] < l.shape[a]) {
                    break;
                }
                srcBase -= l.src[a] * index[k];
                dstBase -= l.dst[a] * index[k];
                index[k] = 0;
            }
        }
    }

    /** Shape and both stride vectors, with length-1 axes dropped and contiguous neighbours merged. */
    private static final class Layout {
        final long[] shape;
        final long[] src;
        final long[] dst;

        private Layout(long[] shape, long[] src, long[] dst) {
            this.shape = shape;
            this.src = src;
            this.dst = dst;
        }

        static Layout merge(StridedRegion s, StridedRegion d) {
            List<long[]> axes = new ArrayList<>();
            for (int a = 0; a < s.shape().length; a++) {
                if (s.shape()[a] != 1) {
                    axes.add(new long[] {s.shape()[a], s.strides()[a], d.strides()[a]});
                }
            }
            for (int a = axes.size() - 2; a >= 0; a--) {
                long[] outer = axes.get(a);
                long[] inner = axes.get(a + 1);
                if (outer[1] == inner[1] * inner[0] && outer[2] == inner[2] * inner[0]) {
                    axes.set(a, new long[] {outer[0] * inner[0], inner[1], inner[2]});
                    axes.remove(a + 1);
                }
            }
            return new Layout(axes.stream().mapToLong(x -> x[0]).toArray(), axes.stream().mapToLong(x -> x[1]).toArray(),
                    axes.stream().mapToLong(x -> x[2]).toArray());
        }

        /** The axis other than {@code excluded} with source stride 1, else {@code fallback}. */
        int unitStrideAxisOtherThan(int excluded, int fallback) {
            for (int a = shape.length - 1; a >= 0; a--) {
                if (a != excluded && src[a] == 1) {
                    return a;
                }
            }
            return fallback;
        }

        /**
         * The axis to tile against {@code inner}: the one whose source stride is 1 when the inner
         * axis reads with a larger stride, so that reads are not one element per cache line; -1
         * when no tiling helps (no such axis, or one too short to matter).
         */
        int tiledAxis(int inner) {
            if (Math.abs(src[inner]) <= 1) {
                return -1;
            }
            for (int a = 0; a < shape.length; a++) {
                if (a != inner && src[a] == 1 && shape[a] >= SHORT_RUN) {
                    return a;
                }
            }
            return -1;
        }
    }

    /** Moves {@code n} elements of one width between strided positions of native memory. */
    private abstract static class ElementMover {
        static final Unsafe MEMORY = StridedRegion.MEMORY;
        final long from;
        final long to;
        final int width;

        ElementMover(long from, long to, int width) {
            this.from = from;
            this.to = to;
            this.width = width;
        }

        static ElementMover of(long from, long to, int width) {
            return switch (width) {
                case 8 -> new ElementMover(from, to, 8) {
                    @Override
                    void strided(long s, long ss, long d, long ds, long n) {
                        for (long i = 0; i < n; i++, s += ss, d += ds) {
                            MEMORY.putLong(d, MEMORY.getLong(s));
                        }
                    }
                };
                case 4 -> new ElementMover(from, to, 4) {
                    @Override
                    void strided(long s, long ss, long d, long ds, long n) {
                        for (long i = 0; i < n; i++, s += ss, d += ds) {
                            MEMORY.putInt(d, MEMORY.getInt(s));
                        }
                    }
                };
                case 2 -> new ElementMover(from, to, 2) {
                    @Override
                    void strided(long s, long ss, long d, long ds, long n) {
                        for (long i = 0; i < n; i++, s += ss, d += ds) {
                            MEMORY.putShort(d, MEMORY.getShort(s));
                        }
                    }
                };
                case 1 -> new ElementMover(from, to, 1) {
                    @Override
                    void strided(long s, long ss, long d, long ds, long n) {
                        for (long i = 0; i < n; i++, s += ss, d += ds) {
                            MEMORY.putByte(d, MEMORY.getByte(s));
                        }
                    }
                };
                default -> throw new IllegalArgumentException("element width " + width);
            };
        }

        /**
         * Copies an m x n block: source element index s, row stride ss2, element stride ss;
         * destination d, ds2, ds.
         */
        final void run(long s, long ss2, long ss, long d, long ds2, long ds, long m, long n) {
            for (long r = 0; r < m; r++, s += ss2, d += ds2) {
                if (ss == 1 && ds == 1) {
                    MEMORY.copyMemory(from + s * width, to + d * width, n * width);
                } else {
                    strided(from + s * width, ss * width, to + d * width, ds * width, n);
                }
            }
        }

        /** The same, in addresses and byte strides. */
        abstract void strided(long s, long ss, long d, long ds, long n);
    }
}
