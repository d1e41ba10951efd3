package dev.einops.layers;

import dev.einops.EinopsException;
import dev.einops.Reduction;
import dev.einops.recipe.Operation;
import dev.einops.recipe.RecipeCompiler;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A layer's pattern and axis lengths, checked once: what every layer holds. */
record LayerPattern(String pattern, Map<String, Long> axesLengths) implements Serializable {

    static LayerPattern of(Operation operation, String pattern, Map<String, ? extends Number> axesLengths, String layer) {
        Map<String, Long> lengths = lengths(axesLengths, pattern, layer);
        try {
            RecipeCompiler.check(operation, pattern, List.copyOf(lengths.keySet()));
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, layer, pattern, null, lengths);
        }
        return new LayerPattern(pattern, lengths);
    }

    static Map<String, Long> lengths(Map<String, ? extends Number> axesLengths, String pattern, String layer) {
        Map<String, Long> lengths = new LinkedHashMap<>();
        if (axesLengths != null) {
            for (Map.Entry<String, ? extends Number> e : axesLengths.entrySet()) {
                Number v = e.getValue();
                boolean integral = v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                        || v instanceof BigInteger || (v instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0);
                if (e.getKey() == null || !integral || v.longValue() < 0) {
                    throw new EinopsException("Axis length for " + e.getKey() + " must be a non-negative integer, got " + v)
                            .withContext(layer, pattern, null, axesLengths);
                }
                lengths.put(e.getKey(), v.longValue());
            }
        }
        return Collections.unmodifiableMap(lengths);
    }

    static Reduction reduction(String name, LayerPattern pattern) {
        try {
            return Reduction.fromName(name);
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, "Reduce", pattern.pattern(), null, pattern.axesLengths());
        }
    }

    @Override
    public String toString() {
        return '"' + pattern + '"' + (axesLengths.isEmpty() ? "" : ", " + axesLengths);
    }
}
