package dev.einops.internal.recipe;

import dev.einops.types.EinopsException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Axis-length arguments ({@code Map.of("h", 2)}) checked once and held as names and 64-bit
 * lengths in call order: the one validator of every entry point that takes them (calls, layers,
 * Spark expressions). A length is any integral {@link Number} whose value fits a {@code long}:
 * {@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code AtomicInteger},
 * {@code AtomicLong}, and {@code BigInteger} or {@code BigDecimal} of integral value; nothing is
 * rounded or truncated. Whether a length fits the pattern is the plan's business, not this
 * class's.
 *
 * <pre>{@code
 * AxesLengths lengths = AxesLengths.of(Map.of("h", 2));
 * lengths.names();                                    // [h]
 * lengths.asMap();                                    // {h=2}
 * AxesLengths.of(Map.of("h", 2.5));                   // EinopsException: must be an integer, got 2.5 (Double)
 * }</pre>
 *
 * <p>A {@code BigInteger} beyond 64 bits is rejected ("must be a 64-bit integer"), never truncated;
 * {@link #requireNonNegative()} rejects negative lengths.
 *
 * <p>Immutable and serializable; equal when the names, lengths and order are.
 */
public final class AxesLengths implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No axis lengths. */
    public static final AxesLengths NONE = new AxesLengths(List.of(), new long[0]);

    private final List<String> names;
    private final long[] values;

    private AxesLengths(List<String> names, long[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * The lengths of {@code lengths} (null or empty for none), in its iteration order.
     *
     * @throws EinopsException for a null name, or a value that is not an integer or does not fit 64 bits
     */
    public static AxesLengths of(Map<String, ? extends Number> lengths) {
        if (lengths == null || lengths.isEmpty()) {
            return NONE;
        }
        List<String> names = new ArrayList<>(lengths.size());
        long[] values = new long[lengths.size()];
        int i = 0;
        for (Map.Entry<String, ? extends Number> entry : lengths.entrySet()) {
            if (entry.getKey() == null) {
                throw new EinopsException("Axis name is null");
            }
            names.add(entry.getKey());
            values[i++] = toLong(entry.getKey(), entry.getValue());
        }
        return new AxesLengths(List.copyOf(names), values);
    }

    private static long toLong(String name, Number value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof AtomicInteger || value instanceof AtomicLong) {
            return value.longValue();
        }
        BigInteger integral = null;
        if (value instanceof BigInteger big) {
            integral = big;
        } else if (value instanceof BigDecimal decimal) {
            try {
                integral = decimal.toBigIntegerExact();
            } catch (ArithmeticException fractional) {
                integral = null;
            }
        }
        if (integral == null) {
            throw new EinopsException("Axis length for " + name + " must be an integer, got "
                    + (value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")"));
        }
        if (integral.bitLength() > 63) {
            throw new EinopsException("Axis length for " + name + " must be a 64-bit integer, got " + value);
        }
        return integral.longValue();
    }

    /**
     * These lengths, checked to be non-negative: what a layer requires when it is built, before any
     * input shows whether a negative length would be used.
     *
     * @throws EinopsException naming the first negative length
     */
    public AxesLengths requireNonNegative() {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw new EinopsException("Axis length for " + names.get(i) + " must be a non-negative integer, got "
                        + values[i]);
            }
        }
        return this;
    }

    /** The axis names, in call order. */
    public List<String> names() {
        return names;
    }

    /** The lengths, in the order of {@link #names()}. */
    public long[] values() {
        return values.clone();
    }

    /** Names to lengths, in call order; unmodifiable. */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(names.get(i), values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AxesLengths other && names.equals(other.names) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
