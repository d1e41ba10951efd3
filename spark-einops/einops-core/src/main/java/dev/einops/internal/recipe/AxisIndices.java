package dev.einops.internal.recipe;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Positions of some axes of a tensor, in order: the axes a step reduces, or a permutation.
 *
 * <pre>{@code
 * AxisIndices axes = AxisIndices.of(0, 2, 1);
 * axes.toArray();       // [0, 2, 1], a copy
 * axes.toString();      // [0, 2, 1]
 * }</pre>
 *
 * <p>Immutable and serializable; equal when the positions are.
 */
public final class AxisIndices implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] axes;

    private AxisIndices(int[] axes) {
        this.axes = axes;
    }

    /** These positions. */
    public static AxisIndices of(int... axes) {
        return new AxisIndices(axes.clone());
    }

    /** The positions, a copy. */
    public int[] toArray() {
        return axes.clone();
    }

    /** The number of positions. */
    public int size() {
        return axes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AxisIndices other && Arrays.equals(axes, other.axes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(axes);
    }

    @Override
    public String toString() {
        return Arrays.toString(axes);
    }
}
