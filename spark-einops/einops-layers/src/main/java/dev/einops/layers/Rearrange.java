package dev.einops.layers;

import dev.einops.Einops;
import dev.einops.internal.recipe.Operation;
import java.io.Serializable;
import java.util.Map;

/**
 * {@code rearrange} as a reusable value: a pattern and its axis lengths, checked when the layer is
 * built, applied to any tensor type with a backend (ND4J arrays, SameDiff variables).
 *
 * <pre>{@code
 * Rearrange flatten = new Rearrange("b c h w -> b (c h w)");
 * INDArray y = flatten.apply(x);              // an ND4J array
 * SDVariable v = flatten.apply(placeholder);  // a node of a SameDiff graph
 * new Rearrange("b c -> b");                  // EinopsException: identifiers only on one side
 * }</pre>
 *
 * <p>Immutable, thread-safe and serializable (the pattern and lengths are all it holds).
 */
public final class Rearrange implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LayerPattern pattern;

    /** A layer for {@code pattern}. */
    public Rearrange(String pattern) {
        this(pattern, Map.of());
    }

    /**
     * A layer for {@code pattern} with axis lengths.
     *
     * @throws dev.einops.types.EinopsException when the pattern or the names are invalid for rearrange
     */
    public Rearrange(String pattern, Map<String, ? extends Number> axesLengths) {
        this.pattern = LayerPattern.of(Operation.REARRANGE, pattern, axesLengths, "Rearrange");
    }

    /** Rearranges {@code x}. */
    public <T> T apply(T x) {
        return Einops.rearrange(x, pattern.pattern(), pattern.axesLengths());
    }

    public String pattern() {
        return pattern.pattern();
    }

    /** The axis lengths, in the order given. */
    public Map<String, Long> axesLengths() {
        return pattern.axesLengths();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rearrange r && pattern.equals(r.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return "Rearrange(" + pattern + ")";
    }
}
