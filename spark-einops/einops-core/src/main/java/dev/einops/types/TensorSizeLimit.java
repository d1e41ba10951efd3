package dev.einops.types;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The most bytes one tensor made by einops may take, and the setting that says so: checked before
 * the memory is taken, so that an axis length such as {@code r = 1e12} in a repeat gives an
 * {@link EinopsException} that names the result's size and the limit, never an
 * {@link OutOfMemoryError}.
 *
 * <pre>{@code
 * TensorSizeLimit limit = TensorSizeLimit.of(1L << 30, "spark.einops.maxTensorBytes");
 * limit.check(new long[] {3, 8, 8, 1_000_000_000_000L}, 4, "the result");
 * // EinopsException: the result [3, 8, 8, 1000000000000] of 4-byte elements needs 768000000000000 bytes
 * //   (698.5 TiB), more than the limit of 1073741824 bytes (1.0 GiB) per tensor (spark.einops.maxTensorBytes)
 * }</pre>
 *
 * <p>Do not use it to bound tensors the caller already holds: it is for results whose size the
 * call decides.
 *
 * @param bytes   the most bytes of one tensor, at least 1
 * @param setting the name of the setting or allocator that gives the limit, for messages
 */
public record TensorSizeLimit(long bytes, String setting) implements Serializable {
    /** The Java system property of the core's limit: bytes, or a number with a unit ({@code 2g}). */
    public static final String PROPERTY = "einops.maxTensorBytes";
    /** The default limit: 2 GiB per tensor. */
    public static final long DEFAULT_BYTES = 2L << 30;

    /** Validates the values. */
    public TensorSizeLimit {
        if (bytes < 1) {
            throw new EinopsException("the tensor size limit " + setting + " must be at least 1 byte, got " + bytes);
        }
    }

    /** The limit of {@code bytes} given by {@code setting}. */
    public static TensorSizeLimit of(long bytes, String setting) {
        return new TensorSizeLimit(bytes, setting);
    }

    /** The core's limit: the system property {@value #PROPERTY}, or {@link #DEFAULT_BYTES}. */
    public static TensorSizeLimit fromSystemProperties() {
        String value = System.getProperty(PROPERTY);
        return of(value == null ? DEFAULT_BYTES : parseBytes(PROPERTY, value), PROPERTY);
    }

    /** The stricter of this limit and an allocator's, which {@code allocator} names. */
    public TensorSizeLimit atMost(long allocatorBytes, String allocator) {
        return allocatorBytes > 0 && allocatorBytes < bytes ? of(allocatorBytes, allocator) : this;
    }

    /**
     * Bytes of a tensor of {@code shape} with elements of {@code elementBytes}: {@link Long#MAX_VALUE}
     * when that overflows, -1 when a length is not known yet (negative).
     */
    public static long bytesOf(long[] shape, long elementBytes) {
        long total = elementBytes;
        boolean overflow = false;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            if (d == 0) {
                return 0;
            }
            if (!overflow && total > Long.MAX_VALUE / d) {
                overflow = true;
            }
            total = overflow ? Long.MAX_VALUE : total * d;
        }
        return total;
    }

    /** Whether a tensor of {@code shape} with elements of {@code elementBytes} fits (unknown lengths fit). */
    public boolean fits(long[] shape, long elementBytes) {
        return bytesOf(shape, elementBytes) <= bytes;
    }

    /**
     * Throws an {@link EinopsException} when a tensor of {@code shape} would exceed the limit.
     *
     * @param what what the tensor is, for the message: {@code "the result"}, {@code "one row's result"}
     */
    public void check(long[] shape, long elementBytes, String what) {
        long needed = bytesOf(shape, elementBytes);
        if (needed > bytes) {
            throw new EinopsException(what + " " + EinopsException.abbreviate(Arrays.toString(shape)) + " of " + elementBytes
                    + "-byte elements needs " + (needed == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : needed)
                    + " bytes (" + readable(needed) + "), more than the limit of " + bytes + " bytes ("
                    + readable(bytes) + ") per tensor (" + setting + ")");
        }
    }

    /** Bytes in binary units for people: {@code 2.0 GiB}. */
    public static String readable(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * Bytes from text: a count, or a number with a unit {@code k, m, g, t} (powers of 1024, an
     * optional {@code b} or {@code ib} after it), as Spark writes sizes.
     *
     * @param key the setting's name, for the message
     */
    public static long parseBytes(String key, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([kmgtp]?)(i?b)?").matcher(t);
        if (!m.matches()) {
            throw new EinopsException(key + " must be a size in bytes such as 2147483648, 512m or 2g, got '"
                    + text + "'");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        try {
            long count = Long.parseLong(m.group(1));
            if (count > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return count << shift;
        } catch (NumberFormatException e) {
            throw new EinopsException(key + " is too large: '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return bytes + " bytes (" + setting + ")";
    }
}
