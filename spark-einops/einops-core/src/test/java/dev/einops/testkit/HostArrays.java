package dev.einops.testkit;

import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;

/**
 * Test helpers around {@link HostArray}, which the test-only {@link JavaArrayBackend} treats as
 * a tensor: the corpus's input rule, random and zero-filled arrays, C-order strides, element copies.
 */
public final class HostArrays {
    private HostArrays() {
    }

    public static HostArray ofDoubles(long[] shape, double[] values) {
        return HostArray.ofDoubles(values, shape);
    }

    public static HostArray ofLongs(long[] shape, long[] values) {
        return HostArray.ofLongs(values, shape);
    }

    public static HostArray ofBooleans(long[] shape, boolean[] values) {
        return HostArray.ofBooleans(values, shape);
    }

    /**
     * Values being written, to become a {@link HostArray} (which copies them in and out, so it cannot
     * be filled in place). Exactly the array of the family is non-null.
     */
    public static final class Buffer {
        public final long[] shape;
        public final DTypeFamily family;
        public final double[] doubles;
        public final long[] longs;
        public final boolean[] booleans;

        Buffer(long[] shape, DTypeFamily family) {
            int n = Math.toIntExact(elementCount(shape));
            this.shape = shape.clone();
            this.family = family;
            this.doubles = family == DTypeFamily.FLOATING ? new double[n] : null;
            this.longs = family == DTypeFamily.INTEGER ? new long[n] : null;
            this.booleans = family == DTypeFamily.BOOLEAN ? new boolean[n] : null;
        }

        /** The number of elements. */
        public int size() {
            return Math.toIntExact(elementCount(shape));
        }

        /** Element {@code i} of {@code source}, converted to this buffer's family, written at {@code o}. */
        public void set(int o, HostArray source, int i) {
            switch (family) {
                case FLOATING -> doubles[o] = source.getDouble(i);
                case INTEGER -> longs[o] = source.getLong(i);
                case BOOLEAN -> booleans[o] = source.getBoolean(i);
            }
        }

        /** The values written, as a host array. */
        public HostArray toHost() {
            return new HostArray(shape, family, doubles, longs, booleans);
        }
    }

    /** A zero-filled buffer of the family, to write into. */
    public static Buffer zeros(long[] shape, DTypeFamily family) {
        return new Buffer(shape, family);
    }

    /**
     * An array of the family with values drawn from {@code random}: multiples of 0.25 in [-4, 4]
     * (sums and products of a few stay exact), integers in [-9, 9], or booleans.
     */
    public static HostArray random(long[] shape, DTypeFamily family, java.util.Random random) {
        int n = Math.toIntExact(elementCount(shape));
        return switch (family) {
            case FLOATING -> ofDoubles(shape, random.ints(n, -16, 17).mapToDouble(v -> v / 4.0).toArray());
            case INTEGER -> ofLongs(shape, random.longs(n, -9, 10).toArray());
            case BOOLEAN -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = random.nextBoolean();
                }
                yield ofBooleans(shape, v);
            }
        };
    }

    /**
     * Input number {@code k} of a conformance case, by the corpus rule:
     * {@code base = (i*37 + k*11) mod 17 - 8}; float64 {@code base/4}, int64 {@code base}, bool {@code base > 0}.
     */
    public static HostArray generated(long[] shape, String dtype, int k) {
        int n = Math.toIntExact(elementCount(shape));
        switch (dtype) {
            case "float64" -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = base(i, k) / 4.0;
                }
                return ofDoubles(shape, v);
            }
            case "int64" -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = base(i, k);
                }
                return ofLongs(shape, v);
            }
            case "bool" -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = base(i, k) > 0;
                }
                return ofBooleans(shape, v);
            }
            default -> throw new IllegalArgumentException("unknown corpus dtype " + dtype);
        }
    }

    private static long base(long i, long k) {
        return (i * 37 + k * 11) % 17 - 8;
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** C-order strides of the shape, in elements. */
    public static long[] strides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** The same values with another shape of the same size. */
    public static HostArray withShape(HostArray x, long[] shape) {
        return new HostArray(shape, x.family(), x.doubles(), x.longs(), x.booleans());
    }
}
