package dev.einops.spi;

import dev.einops.types.DTypeFamily;
import dev.einops.types.EinopsException;
import java.util.Arrays;

/**
 * A tensor's values on the JVM heap, in C order, with its shape: what a {@link Backend} reads a
 * tensor into, and what {@link dev.einops.Tensors} converts to and from. Floating values are kept
 * as doubles, integers as longs and booleans as booleans, so every ND4J type except 64-bit
 * unsigned integers above {@code Long.MAX_VALUE} round-trips exactly. Exactly one of the value
 * arrays is non-null, by {@link #family()}. An immutable value: arrays are copied in and out, and
 * two host arrays are equal when their shapes, families and values are.
 *
 * <pre>{@code
 * HostArray h = HostArray.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * INDArray x = Tensors.fromHost(h);          // a [2, 3] DOUBLE array on the default backend
 * Tensors.toHost(x).doubles();                // [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
 * }</pre>
 *
 * @param shape    the shape; rank 0 is an empty array
 * @param family   which value array holds the data
 * @param doubles  the values of a floating tensor, else null
 * @param longs    the values of an integer tensor, else null
 * @param booleans the values of a boolean tensor, else null
 */
public record HostArray(long[] shape, DTypeFamily family, double[] doubles, long[] longs, boolean[] booleans) {
    public HostArray {
        shape = shape.clone();
        long n = elementCount(shape);
        doubles = family == DTypeFamily.FLOATING ? doubles.clone() : null;
        longs = family == DTypeFamily.INTEGER ? longs.clone() : null;
        booleans = family == DTypeFamily.BOOLEAN ? booleans.clone() : null;
        long length = switch (family) {
            case FLOATING -> doubles.length;
            case INTEGER -> longs.length;
            case BOOLEAN -> booleans.length;
        };
        if (length != n) {
            throw new EinopsException("Shape " + Arrays.toString(shape) + " needs " + n + " values, got " + length);
        }
    }

    public static HostArray ofDoubles(double[] values, long... shape) {
        return new HostArray(shape, DTypeFamily.FLOATING, values, null, null);
    }

    public static HostArray ofLongs(long[] values, long... shape) {
        return new HostArray(shape, DTypeFamily.INTEGER, null, values, null);
    }

    public static HostArray ofBooleans(boolean[] values, long... shape) {
        return new HostArray(shape, DTypeFamily.BOOLEAN, null, null, values);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The values of a floating tensor, a copy; else null. */
    @Override
    public double[] doubles() {
        return doubles == null ? null : doubles.clone();
    }

    /** The values of an integer tensor, a copy; else null. */
    @Override
    public long[] longs() {
        return longs == null ? null : longs.clone();
    }

    /** The values of a boolean tensor, a copy; else null. */
    @Override
    public boolean[] booleans() {
        return booleans == null ? null : booleans.clone();
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return Math.toIntExact(elementCount(shape));
    }

    /** Element {@code i} (C order) as a double; booleans are 1 and 0. */
    public double getDouble(int i) {
        return switch (family) {
            case FLOATING -> doubles[i];
            case INTEGER -> longs[i];
            case BOOLEAN -> booleans[i] ? 1 : 0;
        };
    }

    /** Element {@code i} (C order) as a long; floating values are truncated toward zero. */
    public long getLong(int i) {
        return switch (family) {
            case FLOATING -> (long) doubles[i];
            case INTEGER -> longs[i];
            case BOOLEAN -> booleans[i] ? 1 : 0;
        };
    }

    /** Element {@code i} (C order) as a boolean: non-zero is true. */
    public boolean getBoolean(int i) {
        return switch (family) {
            case FLOATING -> doubles[i] != 0;
            case INTEGER -> longs[i] != 0;
            case BOOLEAN -> booleans[i];
        };
    }

    /**
     * The number of elements of {@code shape}.
     *
     * @throws EinopsException for a negative length, or more than {@code 2^63 - 1} elements
     */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new EinopsException("Negative length in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new EinopsException("Shape " + Arrays.toString(shape) + " has more than 2^63 - 1 elements");
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostArray h && Arrays.equals(shape, h.shape) && family == h.family
                && Arrays.equals(doubles, h.doubles) && Arrays.equals(longs, h.longs)
                && Arrays.equals(booleans, h.booleans);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {shape, family, doubles, longs, booleans});
    }

    @Override
    public String toString() {
        String values = switch (family) {
            case FLOATING -> Arrays.toString(doubles);
            case INTEGER -> Arrays.toString(longs);
            case BOOLEAN -> Arrays.toString(booleans);
        };
        return family.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(shape) + " "
                + (values.length() > 200 ? values.substring(0, 200) + "..." : values);
    }
}
