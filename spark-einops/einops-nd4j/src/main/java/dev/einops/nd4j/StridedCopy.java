package dev.einops.nd4j;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sun.misc.Unsafe;

/**
 * Copies one strided region into another of the same shape and element width, in Java, on all
 * cores. libnd4j's strided copy slows down several times at rank 5 and more, and aborts the JVM at
 * rank 16. This kernel walks the destination in memory order, after merging axes that are
 * contiguous on both sides, and picks one of five loops for the innermost two axes:
 * <ul>
 *   <li>contiguous runs, copied as blocks of memory;</li>
 *   <li>a transpose (one axis contiguous in the source, another in the destination, both long),
 *       in tiles shaped so that few streams are open on either side (the hardware prefetcher follows
 *       a dozen or two); 4-byte elements move as 2 x 2 blocks in two 8-byte words;</li>
 *   <li>a gather: the source's contiguous axis is short (the 2 of space-to-depth): the loop runs
 *       along the destination's contiguous axis, a pair of elements read together going to two
 *       destination streams, and consecutive calls read neighbouring memory;</li>
 *   <li>a scatter, the reverse (depth-to-space, a repeat of 2): two source streams interleaved into
 *       one destination stream, consecutive calls writing neighbouring memory;</li>
 *   <li>anything else, element by element with both strides.</li>
 * </ul>
 * A source stride of 0 repeats (broadcasts) an element.
 */
final class StridedCopy {
    /** Elements per side of a transpose tile. */
    static final int TILE = 64;
    /** A side of a transpose this short or shorter is unrolled inside the loop along the other side. */
    static final int SHORT_SIDE = 4;
    /** Contiguous runs shorter than this are copied element by element. */
    private static final int SHORT_RUN = 16;
    /** Below this many tasks per call, the axis the loop splits is cut into pieces too. */
    private static final int TASKS = 64;
    private static final Unsafe MEMORY = StridedRegion.MEMORY;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private StridedCopy() {
    }

    /** The loop for the innermost two axes. */
    private enum Kind { RUNS, TILES, GATHER, SCATTER, STRIDED }

    /** Copies every element of {@code src} to the same index of {@code dst}. */
    static void copy(StridedRegion src, StridedRegion dst) {
        long total = src.elementCount();
        if (total == 0) {
            return;
        }
        Layout l = Layout.of(src, dst);
        int w = src.width();
        Mover mover = Mover.of(w);
        long s0 = src.address() + src.offset() * w;
        long d0 = dst.address() + dst.offset() * w;
        int rank = l.shape.length;
        if (rank == 0) {
            mover.strided(s0, 0, d0, 0, 1);
            return;
        }
        int b = rank - 1;   // the destination's innermost axis
        int a = l.src[b] == 1 ? -1 : l.unitSourceAxis(b);
        Kind kind;
        if (a < 0) {
            kind = l.src[b] == 1 && l.dst[b] == 1 ? Kind.RUNS : Kind.STRIDED;
        } else if (l.dst[b] != 1) {
            kind = Kind.STRIDED;   // a destination without a contiguous axis: no tile to form
            a = -1;
        } else if (l.shape[a] > SHORT_SIDE && l.shape[b] > SHORT_SIDE) {
            kind = Kind.TILES;
        } else {
            kind = l.shape[a] <= l.shape[b] ? Kind.GATHER : Kind.SCATTER;
        }
        // the loop runs along b, except for tiles and scatters, whose tasks take ranges of a
        int split = kind == Kind.TILES || kind == Kind.SCATTER ? a : b;
        List<Integer> outer = new ArrayList<>();
        for (int k = 0; k < rank; k++) {
            if (k != a && k != b) {
                outer.add(k);
            }
        }
        // Outer axes in the order of the side each task touches as one block, so that consecutive
        // tasks continue it without gaps (streams with gaps waste the prefetcher's reads): a gather
        // reads one block and writes several streams, so it walks the source's order (the two halves
        // of a de-interleave one right after the other); the other loops walk the destination's.
        if (kind == Kind.GATHER) {
            outer.sort(Comparator.comparingLong((Integer k) -> l.src[k]).reversed());
        }
        int[] outerAxes = outer.stream().mapToInt(Integer::intValue).toArray();
        long outerCount = 1;
        for (int k : outerAxes) {
            outerCount *= l.shape[k];
        }
        long length = l.shape[split];
        long chunk = length;
        if (outerCount < TASKS) {
            long want = (TASKS + outerCount - 1) / outerCount;
            chunk = Math.max(TILE, (length + want - 1) / want);
            chunk = (chunk + TILE - 1) / TILE * TILE;
        }
        long pieces = (length + chunk - 1) / chunk;
        long[] tile = kind == Kind.TILES ? tileSides(l, a, b, w) : new long[] {TILE, TILE};
        Task task = new Task(l, mover, kind, a, b, split, outerAxes, pieces, chunk, s0, d0, w, tile[0], tile[1]);
        ParallelRange.forEach(outerCount * pieces, total, task::run);
    }

    /**
     * The sides of a transpose tile, {a, b}. A tile reads {@code b} source rows and writes
     * {@code a} destination rows; the hardware prefetcher follows a dozen or two streams, not
     * hundreds. When the destination rows are adjacent (they form one region) the tile reads 16
     * source rows and writes as many destination rows as fit a quarter of L2; otherwise it writes
     * 32 destination rows and reads as many source rows as fit.
     */
    private static long[] tileSides(Layout l, int a, int b, int w) {
        long fit = (256 << 10) / w;
        if (l.dst[a] == l.shape[b]) {
            return new long[] {Math.max(16, Math.min(1024, fit / l.shape[b])) & ~1L, 16};
        }
        return new long[] {32, Math.max(16, Math.min(1024, fit / l.shape[a])) & ~1L};
    }

    /** The work of one call: tasks are (outer index, piece of the split axis) pairs, pieces innermost. */
    private record Task(Layout l, Mover mover, Kind kind, int a, int b, int split, int[] outerAxes, long pieces,
                        long chunk, long s0, long d0, int w, long tileA, long tileB) {
        void run(long from, long to) {
            long[] index = new long[outerAxes.length];
            long rest = from / pieces;
            for (int k = outerAxes.length - 1; k >= 0; k--) {
                index[k] = rest % l.shape[outerAxes[k]];
                rest /= l.shape[outerAxes[k]];
            }
            long sBase = s0;
            long dBase = d0;
            for (int k = 0; k < outerAxes.length; k++) {
                sBase += index[k] * l.src[outerAxes[k]] * w;
                dBase += index[k] * l.dst[outerAxes[k]] * w;
            }
            long piece = from % pieces;
            for (long i = from; i < to; i++) {
                long start = piece * chunk;
                long end = Math.min(l.shape[split], start + chunk);
                inner(sBase + start * l.src[split] * w, dBase + start * l.dst[split] * w, end - start);
                if (++piece < pieces) {
                    continue;
                }
                piece = 0;
                for (int k = outerAxes.length - 1; k >= 0; k--) {
                    int axis = outerAxes[k];
                    index[k]++;
                    sBase += l.src[axis] * w;
                    dBase += l.dst[axis] * w;
                    if (index[k] < l.shape[axis]) {
                        break;
                    }
                    sBase -= l.src[axis] * w * index[k];
                    dBase -= l.dst[axis] * w * index[k];
                    index[k] = 0;
                }
            }
        }

        /** The innermost two axes, with {@code n} elements of the split axis from {@code s} and {@code d}. */
        private void inner(long s, long d, long n) {
            switch (kind) {
                case RUNS -> mover.runs(s, d, n);
                case STRIDED -> mover.strided(s, l.src[b] * w, d, l.dst[b] * w, n);
                case GATHER -> mover.gather(s, l.src[b] * w, d, l.dst[a] * w, (int) l.shape[a], n);
                case SCATTER -> mover.scatter(s, l.src[b] * w, d, l.dst[a] * w, n, (int) l.shape[b]);
                case TILES -> {
                    long nb = l.shape[b];
                    long ssB = l.src[b] * w;
                    long dsA = l.dst[a] * w;
                    for (long at = 0; at < n; at += tileA) {
                        long na = Math.min(tileA, n - at);
                        for (long bt = 0; bt < nb; bt += tileB) {
                            mover.tile(s + at * w + bt * ssB, ssB, d + at * dsA + bt * w, dsA, na, Math.min(tileB, nb - bt));
                        }
                    }
                }
            }
        }
    }

    /** Shape and both stride vectors, in the destination's order, length-1 axes dropped, contiguous neighbours merged. */
    private static final class Layout {
        final long[] shape;
        final long[] src;
        final long[] dst;

        private Layout(long[] shape, long[] src, long[] dst) {
            this.shape = shape;
            this.src = src;
            this.dst = dst;
        }

        static Layout of(StridedRegion s, StridedRegion d) {
            List<long[]> axes = new ArrayList<>();
            for (int a = 0; a < s.shape().length; a++) {
                if (s.shape()[a] != 1) {
                    axes.add(new long[] {s.shape()[a], s.strides()[a], d.strides()[a]});
                }
            }
            // any order of the axes copies the same elements: walk the destination in memory order
            axes.sort(Comparator.comparingLong((long[] x) -> x[2]).reversed());
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

        /** The axis other than {@code excluded} that the source reads contiguously, else -1. */
        int unitSourceAxis(int excluded) {
            for (int a = shape.length - 1; a >= 0; a--) {
                if (a != excluded && src[a] == 1) {
                    return a;
                }
            }
            return -1;
        }
    }

    /**
     * The loops for one element width, in byte addresses and byte strides. The 8- and 4-byte
     * movers unroll gathers and scatters of 2 (space-to-depth, depth-to-space, a repeat of 2), and
     * the 4-byte one packs tiles into 8-byte words; everything else uses the plain loops.
     */
    private abstract static class Mover {
        final int width;

        Mover(int width) {
            this.width = width;
        }

        static Mover of(int width) {
            return switch (width) {
                case 8 -> new Longs();
                case 4 -> new Ints();
                case 2 -> new Shorts();
                case 1 -> new Bytes();
                default -> throw new IllegalArgumentException("element width " + width);
            };
        }

        /** n elements: source s, stride ss; destination d, stride ds. */
        abstract void strided(long s, long ss, long d, long ds, long n);

        /** n elements contiguous on both sides. */
        final void runs(long s, long d, long n) {
            if (n >= SHORT_RUN) {
                MEMORY.copyMemory(s, d, n * width);
            } else {
                strided(s, width, d, width, n);
            }
        }

        /**
         * An na x nb tile: along a the source is contiguous and the destination has stride dsA;
         * along b the source has stride ssB and the destination is contiguous. The loop along b
         * is innermost, so writes stream.
         */
        void tile(long s, long ssB, long d, long dsA, long na, long nb) {
            for (long i = 0; i < na; i++) {
                strided(s + i * width, ssB, d + i * dsA, width, nb);
            }
        }

        /** A tile whose a side is short (k elements): the loop along b, n long, is innermost. */
        void gather(long s, long ssB, long d, long dsA, int k, long n) {
            tile(s, ssB, d, dsA, k, n);
        }

        /** A tile whose b side is short (k elements): the loop along a, n long, is innermost. */
        void scatter(long s, long ssB, long d, long dsA, long n, int k) {
            for (int r = 0; r < k; r++) {
                strided(s + r * ssB, width, d + r * width, dsA, n);
            }
        }
    }

    private static final class Longs extends Mover {
        Longs() {
            super(8);
        }

        @Override
        void strided(long s, long ss, long d, long ds, long n) {
            for (long i = 0; i < n; i++, s += ss, d += ds) {
                MEMORY.putLong(d, MEMORY.getLong(s));
            }
        }

        @Override
        void gather(long s, long ssB, long d, long dsA, int k, long n) {
            long d1 = d + dsA;
            if (k != 2) {
                super.gather(s, ssB, d, dsA, k, n);
                return;
            }
            for (long j = 0; j < n; j++, s += ssB, d += 8, d1 += 8) {
                long v0 = MEMORY.getLong(s);
                long v1 = MEMORY.getLong(s + 8);
                MEMORY.putLong(d, v0);
                MEMORY.putLong(d1, v1);
            }
        }

        @Override
        void scatter(long s, long ssB, long d, long dsA, long n, int k) {
            long s1 = s + ssB;
            if (k != 2) {
                super.scatter(s, ssB, d, dsA, n, k);
                return;
            }
            for (long j = 0; j < n; j++, s += 8, s1 += 8, d += dsA) {
                MEMORY.putLong(d, MEMORY.getLong(s));
                MEMORY.putLong(d + 8, MEMORY.getLong(s1));
            }
        }
    }

    /** 4-byte elements; pairs of them move as one 8-byte word where both sides allow. */
    private static final class Ints extends Mover {
        private static final long LOW = 0xFFFFFFFFL;
        private static final long HIGH = 0xFFFFFFFF00000000L;

        Ints() {
            super(4);
        }

        @Override
        void strided(long s, long ss, long d, long ds, long n) {
            for (long i = 0; i < n; i++, s += ss, d += ds) {
                MEMORY.putInt(d, MEMORY.getInt(s));
            }
        }

        /**
         * 2 x 2 blocks: two 8-byte reads along a (at b and b + 1) hold the block; two 8-byte writes
         * along b (at a and a + 1) take it, transposed in registers.
         */
        @Override
        void tile(long s, long ssB, long d, long dsA, long na, long nb) {
            if (!LITTLE_ENDIAN) {
                super.tile(s, ssB, d, dsA, na, nb);
                return;
            }
            long i = 0;
            for (; i + 1 < na; i += 2) {
                long sp = s + i * 4;
                long dp = d + i * dsA;
                long j = 0;
                for (; j + 1 < nb; j += 2, sp += 2 * ssB, dp += 8) {
                    long x = MEMORY.getLong(sp);
                    long y = MEMORY.getLong(sp + ssB);
                    MEMORY.putLong(dp, (x & LOW) | (y << 32));
                    MEMORY.putLong(dp + dsA, (x >>> 32) | (y & HIGH));
                }
                if (j < nb) {
                    MEMORY.putInt(dp, MEMORY.getInt(sp));
                    MEMORY.putInt(dp + dsA, MEMORY.getInt(sp + 4));
                }
            }
            if (i < na) {
                strided(s + i * 4, ssB, d + i * dsA, 4, nb);
            }
        }

        @Override
        void gather(long s, long ssB, long d, long dsA, int k, long n) {
            long d1 = d + dsA;
            if (k != 2) {
                super.gather(s, ssB, d, dsA, k, n);
                return;
            }
            for (long j = 0; j < n; j++, s += ssB, d += 4, d1 += 4) {
                long v = MEMORY.getLong(s);
                MEMORY.putInt(d, LITTLE_ENDIAN ? (int) v : (int) (v >>> 32));
                MEMORY.putInt(d1, LITTLE_ENDIAN ? (int) (v >>> 32) : (int) v);
            }
        }

        @Override
        void scatter(long s, long ssB, long d, long dsA, long n, int k) {
            long s1 = s + ssB;
            if (k != 2) {
                super.scatter(s, ssB, d, dsA, n, k);
                return;
            }
            for (long j = 0; j < n; j++, s += 4, s1 += 4, d += dsA) {
                long v0 = MEMORY.getInt(s) & LOW;
                long v1 = MEMORY.getInt(s1) & LOW;
                MEMORY.putLong(d, LITTLE_ENDIAN ? v0 | v1 << 32 : v0 << 32 | v1);
            }
        }
    }

    private static final class Shorts extends Mover {
        Shorts() {
            super(2);
        }

        @Override
        void strided(long s, long ss, long d, long ds, long n) {
            for (long i = 0; i < n; i++, s += ss, d += ds) {
                MEMORY.putShort(d, MEMORY.getShort(s));
            }
        }
    }

    private static final class Bytes extends Mover {
        Bytes() {
            super(1);
        }

        @Override
        void strided(long s, long ss, long d, long ds, long n) {
            for (long i = 0; i < n; i++, s += ss, d += ds) {
                MEMORY.putByte(d, MEMORY.getByte(s));
            }
        }
    }
}
