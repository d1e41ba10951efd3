package dev.einops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Axis-length arguments as parallel names and values, checked to be integers. */
record AxesLengths(List<String> names, long[] values) {
    static final AxesLengths NONE = new AxesLengths(List.of(), new long[0]);

    static AxesLengths of(Map<String, ? extends Number> lengths) {
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
        try {
            if (value instanceof BigInteger big) {
                return big.longValueExact();
            }
            if (value instanceof BigDecimal decimal) {
                return decimal.longValueExact();
            }
        } catch (ArithmeticException e) {
            throw new EinopsException("Axis length for " + name + " must be a 64-bit integer, got " + value);
        }
        throw new EinopsException("Axis length for " + name + " must be an integer, got "
                + (value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")"));
    }
}
