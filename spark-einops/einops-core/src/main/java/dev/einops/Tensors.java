package dev.einops;

import dev.einops.spi.Backend;
import dev.einops.spi.Backends;
import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;
import dev.einops.types.EinopsException;

/**
 * Conversions between tensors of any backend and plain Java arrays (the reference's
 * {@code asnumpy}), and the inverse on the default backend.
 *
 * <pre>{@code
 * INDArray x = Tensors.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);   // FLOAT [2, 3]
 * Tensors.shape(x);                                                       // [2, 3]
 * float[] values = Tensors.toFloatArray(Einops.rearrange(x, "a b -> b a"));
 * // [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]
 * }</pre>
 *
 * <p>Values are always in C order, whatever the tensor's layout; a view is read through its
 * strides, a device array is copied to the host, a graph variable is evaluated.
 */
public final class Tensors {
    private Tensors() {
    }

    /** The tensor's shape. */
    public static long[] shape(Object tensor) {
        return call("shape", tensor, backend -> backend.shape(tensor));
    }

    /** The tensor's values and shape on the heap. */
    public static HostArray toHost(Object tensor) {
        return call("toHost", tensor, backend -> backend.toHost(tensor));
    }

    /** The values as doubles (booleans are 1 and 0). */
    public static double[] toDoubleArray(Object tensor) {
        HostArray h = toHost(tensor);
        if (h.family() == DTypeFamily.FLOATING) {
            return h.doubles();
        }
        double[] out = new double[h.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = h.getDouble(i);
        }
        return out;
    }

    /** The values as floats (rounded to the nearest float). */
    public static float[] toFloatArray(Object tensor) {
        HostArray h = toHost(tensor);
        float[] out = new float[h.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) h.getDouble(i);
        }
        return out;
    }

    /** The values as longs; floating values are truncated toward zero. */
    public static long[] toLongArray(Object tensor) {
        HostArray h = toHost(tensor);
        if (h.family() == DTypeFamily.INTEGER) {
            return h.longs();
        }
        long[] out = new long[h.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = h.getLong(i);
        }
        return out;
    }

    /**
     * The values as ints; floating values are truncated toward zero.
     *
     * @throws EinopsException when a value does not fit in an int
     */
    public static int[] toIntArray(Object tensor) {
        long[] longs = toLongArray(tensor);
        int[] out = new int[longs.length];
        for (int i = 0; i < out.length; i++) {
            if (longs[i] != (int) longs[i]) {
                throw new EinopsException("Value " + longs[i] + " at flat index " + i + " does not fit in an int");
            }
            out[i] = (int) longs[i];
        }
        return out;
    }

    /** The values as booleans: non-zero is true. */
    public static boolean[] toBooleanArray(Object tensor) {
        HostArray h = toHost(tensor);
        if (h.family() == DTypeFamily.BOOLEAN) {
            return h.booleans();
        }
        boolean[] out = new boolean[h.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = h.getBoolean(i);
        }
        return out;
    }

    /** A double tensor of the default backend (ND4J: {@code DOUBLE}). */
    public static <T> T fromArray(double[] values, long... shape) {
        return create(values, values == null ? -1 : values.length, shape);
    }

    /** A float tensor of the default backend (ND4J: {@code FLOAT}). */
    public static <T> T fromArray(float[] values, long... shape) {
        return create(values, values == null ? -1 : values.length, shape);
    }

    /** A 64-bit integer tensor of the default backend (ND4J: {@code LONG}). */
    public static <T> T fromArray(long[] values, long... shape) {
        return create(values, values == null ? -1 : values.length, shape);
    }

    /** A 32-bit integer tensor of the default backend (ND4J: {@code INT}). */
    public static <T> T fromArray(int[] values, long... shape) {
        return create(values, values == null ? -1 : values.length, shape);
    }

    /** A boolean tensor of the default backend (ND4J: {@code BOOL}). */
    public static <T> T fromArray(boolean[] values, long... shape) {
        return create(values, values == null ? -1 : values.length, shape);
    }

    /** A tensor of the default backend with the values of {@code host} (double, long or boolean). */
    public static <T> T fromHost(HostArray host) {
        return switch (host.family()) {
            case FLOATING -> fromArray(host.doubles(), host.shape());
            case INTEGER -> fromArray(host.longs(), host.shape());
            case BOOLEAN -> fromArray(host.booleans(), host.shape());
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T create(Object values, int length, long[] shape) {
        try {
            if (values == null || shape == null) {
                throw new EinopsException("Values and shape must not be null");
            }
            long n = HostArray.elementCount(shape);
            if (n != length) {
                throw new EinopsException("Shape " + java.util.Arrays.toString(shape) + " needs " + n
                        + " values, got " + length);
            }
            return (T) Backends.defaultBackend().fromArray(values, shape.clone());
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, "fromArray", null,
                    shape == null ? null : java.util.Arrays.toString(shape), null);
        }
    }

    private interface BackendCall<R> {
        R apply(Backend<Object> backend);
    }

    private static <R> R call(String operation, Object tensor, BackendCall<R> body) {
        try {
            return body.apply(Backends.forTensor(tensor));
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, operation, null, null, null);
        }
    }
}
