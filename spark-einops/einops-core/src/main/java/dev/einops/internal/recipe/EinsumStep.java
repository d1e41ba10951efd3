package dev.einops.internal.recipe;

import java.io.Serializable;

/**
 * One step of an {@link EinsumPlan}, acting on numbered slots: slots {@code 0..n-1} start as the
 * operands, {@link MatMul} writes a new slot. Steps are immutable, serializable values.
 *
 * <pre>{@code
 * EinsumCompiler.compile("i j, j k -> i k", List.of(new long[] {2, 3}, new long[] {3, 4})).steps();
 * // [matmul 0 1 -> 2]
 * }</pre>
 */
public sealed interface EinsumStep extends Serializable {
    /** The slot the step writes. */
    int slot();

    /** Reshapes a slot (C order) to {@code target}, whose lengths may be known only at run time. */
    record Reshape(int slot, SymbolicShape target) implements EinsumStep {
        @Override
        public String toString() {
            return "reshape " + slot + " " + target;
        }
    }

    /** Permutes a slot's axes: axis {@code i} of the result is axis {@code axes[i]}. */
    record Permute(int slot, AxisIndices axes) implements EinsumStep {
        @Override
        public String toString() {
            return "permute " + slot + " " + axes;
        }
    }

    /** Keeps every {@code step}-th element of the slot's last axis: how a diagonal is taken. */
    record StridedSlice(int slot, long length, long step) implements EinsumStep {
        @Override
        public String toString() {
            return "slice " + slot + " [0:" + length + ":" + step + "]";
        }
    }

    /** Sums a slot over axes (logical or for booleans), dropping them. */
    record Sum(int slot, AxisIndices axes) implements EinsumStep {
        @Override
        public String toString() {
            return "sum " + slot + " " + axes;
        }
    }

    /**
     * {@code result = left x right}, matrices or batches of matrices; an operand flagged as
     * transposed is stored as its transpose and read transposed, so that no copy is made to put
     * its axes in order.
     */
    record MatMul(int left, int right, int result, boolean transposeLeft, boolean transposeRight)
            implements EinsumStep {
        @Override
        public int slot() {
            return result;
        }

        @Override
        public String toString() {
            return "matmul " + left + (transposeLeft ? "T" : "") + " " + right + (transposeRight ? "T" : "")
                    + " -> " + result;
        }
    }
}
