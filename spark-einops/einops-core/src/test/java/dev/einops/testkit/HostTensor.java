package dev.einops.testkit;

import dev.einops.DTypeFamily;
import java.util.Arrays;

/**
 * A tensor as plain Java data, C order: the exchange format between the conformance corpus, the
 * naive reference implementation and every backend under test. Exactly one of the value arrays
 * is set, by family; int64 values are kept as longs so wrapping products stay exact.
 */
public record HostTensor(long[] shape, DTypeFamily family, double[] doubles, long[] longs, boolean[] booleans) {

    public static HostTensor ofDoubles(long[] shape, double[] values) {
        return new HostTensor(shape.clone(), DTypeFamily.FLOATING, values, null, null);
    }

    public static HostTensor ofLongs(long[] shape, long[] values) {
        return new HostTensor(shape.clone(), DTypeFamily.INTEGER, null, values, null);
    }

    public static HostTensor ofBooleans(long[] shape, boolean[] values) {
        return new HostTensor(shape.clone(), DTypeFamily.BOOLEAN, null, null, values);
    }

    /** A zero-filled tensor of the family. */
    public static HostTensor zeros(long[] shape, DTypeFamily family) {
        int n = Math.toIntExact(elementCount(shape));
        return switch (family) {
            case FLOATING -> ofDoubles(shape, new double[n]);
            case INTEGER -> ofLongs(shape, new long[n]);
            case BOOLEAN -> ofBooleans(shape, new boolean[n]);
        };
    }

    /**
     * Input number {@code k} of a conformance case, by the corpus rule:
     * {@code base = (i*37 + k*11) mod 17 - 8}; float64 {@code base/4}, int64 {@code base}, bool {@code base > 0}.
     */
    public static HostTensor generated(long[] shape, String dtype, int k) {
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

    public int size() {
        return Math.toIntExact(elementCount(shape));
    }

    public int rank() {
        return shape.length;
    }

    public double asDouble(int i) {
        return switch (family) {
            case FLOATING -> doubles[i];
            case INTEGER -> longs[i];
            case BOOLEAN -> booleans[i] ? 1 : 0;
        };
    }

    public long asLong(int i) {
        return switch (family) {
            case FLOATING -> (long) doubles[i];
            case INTEGER -> longs[i];
            case BOOLEAN -> booleans[i] ? 1 : 0;
        };
    }

    public boolean asBoolean(int i) {
        return switch (family) {
            case FLOATING -> doubles[i] != 0;
            case INTEGER -> longs[i] != 0;
            case BOOLEAN -> booleans[i];
        };
    }

    /** Copies element {@code from} of this tensor to element {@code to} of {@code target} (same family). */
    public void copyTo(int from, HostTensor target, int to) {
        switch (family) {
            case FLOATING -> target.doubles[to] = doubles[from];
            case INTEGER -> target.longs[to] = longs[from];
            case BOOLEAN -> target.booleans[to] = booleans[from];
        }
    }

    /** The same values with another shape of the same size. */
    public HostTensor withShape(long[] newShape) {
        return new HostTensor(newShape.clone(), family, doubles, longs, booleans);
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

    @Override
    public String toString() {
        String values = switch (family) {
            case FLOATING -> Arrays.toString(doubles);
            case INTEGER -> Arrays.toString(longs);
            case BOOLEAN -> Arrays.toString(booleans);
        };
        return family + Arrays.toString(shape) + " " + (values.length() > 200 ? values.substring(0, 200) + "..." : values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor h && Arrays.equals(shape, h.shape) && family == h.family
                && Arrays.equals(doubles, h.doubles) && Arrays.equals(longs, h.longs) && Arrays.equals(booleans, h.booleans);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + family.hashCode();
    }
}
