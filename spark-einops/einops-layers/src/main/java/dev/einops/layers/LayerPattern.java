package dev.einops.layers;

import dev.einops.internal.recipe.AxesLengths;
import dev.einops.internal.recipe.Operation;
import dev.einops.internal.recipe.RecipeCompiler;
import dev.einops.types.EinopsException;
import dev.einops.types.Reduction;
import java.io.Serializable;
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

    /** The lengths as {@link AxesLengths} checks them, and non-negative. */
    static Map<String, Long> lengths(Map<String, ? extends Number> axesLengths, String pattern, String layer) {
        try {
            return AxesLengths.of(axesLengths).requireNonNegative().asMap();
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, layer, pattern, null, axesLengths);
        }
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
