package dev.einops.layers;

import dev.einops.Einops;
import dev.einops.internal.recipe.Operation;
import dev.einops.types.Reduction;
import java.io.Serializable;
import java.util.Map;

/**
 * {@code reduce} as a reusable value: a pattern, a reduction and axis lengths, checked when the
 * layer is built.
 *
 * <pre>{@code
 * Reduce pool = new Reduce("b c (h 2) (w 2) -> b c h w", "max");
 * INDArray y = pool.apply(x);
 * new Reduce("b c -> b", "median");   // EinopsException: unknown reduction
 * }</pre>
 *
 * <p>Immutable, thread-safe and serializable.
 */
public final class Reduce implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LayerPattern pattern;
    private final Reduction reduction;

    /** A layer reducing with a named reduction ({@code min max sum mean prod any all}). */
    public Reduce(String pattern, String reduction) {
        this(pattern, reduction, Map.of());
    }

    /**
     * A layer with axis lengths.
     *
     * @throws dev.einops.types.EinopsException when the pattern, the reduction or the names are invalid
     */
    public Reduce(String pattern, String reduction, Map<String, ? extends Number> axesLengths) {
        this.pattern = LayerPattern.of(Operation.REDUCE, pattern, axesLengths, "Reduce");
        this.reduction = LayerPattern.reduction(reduction, this.pattern);
    }

    /** Reduces {@code x}. */
    public <T> T apply(T x) {
        return Einops.reduce(x, pattern.pattern(), reduction, pattern.axesLengths());
    }

    public String pattern() {
        return pattern.pattern();
    }

    public Reduction reduction() {
        return reduction;
    }

    /** The axis lengths, in the order given. */
    public Map<String, Long> axesLengths() {
        return pattern.axesLengths();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reduce r && pattern.equals(r.pattern) && reduction == r.reduction;
    }

    @Override
    public int hashCode() {
        return 31 * pattern.hashCode() + reduction.hashCode();
    }

    @Override
    public String toString() {
        return "Reduce(" + pattern + ", " + reduction.label() + ")";
    }
}
