package dev.einops.internal.recipe;

import dev.einops.spi.SymbolicDim;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A shape whose lengths a plan knows as {@link SymbolicDim}s: constants, or products of the
 * operands' dimensions for lengths known only when the tensor runs. What every reshape of a plan
 * targets.
 *
 * <pre>{@code
 * SymbolicShape s = SymbolicShape.of(SymbolicDim.ofInput(0, 0), SymbolicDim.of(60));
 * s.lengths();      // [-1, 60]: -1 where known only at run time
 * s.isKnown();      // false
 * s.toString();     // [d0.0, 60]
 * SymbolicShape.known(2, 3).equals(SymbolicShape.of(SymbolicDim.of(2), SymbolicDim.of(3)));   // true
 * }</pre>
 *
 * <p>Immutable and serializable; equal when the lengths are.
 */
public final class SymbolicShape implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SymbolicDim[] dims;

    private SymbolicShape(SymbolicDim[] dims) {
        this.dims = dims;
    }

    /** The shape of these lengths. */
    public static SymbolicShape of(SymbolicDim... dims) {
        SymbolicDim[] copy = dims.clone();
        for (SymbolicDim d : copy) {
            if (d == null) {
                throw new IllegalArgumentException("null length in " + Arrays.toString(dims));
            }
        }
        return new SymbolicShape(copy);
    }

    /** The shape of these known lengths. */
    public static SymbolicShape known(long... lengths) {
        return new SymbolicShape(Arrays.stream(lengths).mapToObj(SymbolicDim::of).toArray(SymbolicDim[]::new));
    }

    /** The number of axes. */
    public int rank() {
        return dims.length;
    }

    /** The lengths as the plan knows them. */
    public SymbolicDim[] dims() {
        return dims.clone();
    }

    /** The lengths, -1 where one is known only at run time. */
    public long[] lengths() {
        return SymbolicDim.shapeOf(dims);
    }

    /** Whether every length is a constant. */
    public boolean isKnown() {
        return !SymbolicDim.anyUnknown(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolicShape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [10, 640000]}; {@code [d0.0, 60]} with a length known only at run time. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
