package dev.einops.internal.recipe;

import java.io.Serializable;

/**
 * One primitive step of an {@link ExecutionPlan}: one call into the tensor library. Steps are
 * immutable, serializable values, equal when their contents are, so a plan made on one machine
 * runs unchanged on another.
 *
 * <pre>{@code
 * for (PlanStep step : plan.steps()) {
 *     if (step instanceof PlanStep.Permute p) {
 *         x = backend.permute(x, p.axes().toArray());
 *     } // ... Reshape, Reduce, Expand
 * }
 * new PlanStep.Permute(AxisIndices.of(0, 2, 1)).toString();   // permute [0, 2, 1]
 * }</pre>
 */
public sealed interface PlanStep extends Serializable
        permits PlanStep.Reshape, PlanStep.Reduce, PlanStep.Permute, PlanStep.Expand {

    /** The tensor in C order with the {@code target} shape, whose lengths may be known only at run time. */
    record Reshape(SymbolicShape target) implements PlanStep {
        @Override
        public String toString() {
            return "reshape " + target;
        }
    }

    /**
     * The tensor reduced over {@code axes} (sorted, distinct, non-empty), which are dropped, giving
     * {@code resultShape}.
     */
    record Reduce(AxisIndices axes, SymbolicShape resultShape) implements PlanStep {
        @Override
        public String toString() {
            return "reduce " + axes;
        }
    }

    /** The tensor with its axes reordered: axis {@code i} of the result is axis {@code axes[i]}. */
    record Permute(AxisIndices axes) implements PlanStep {
        @Override
        public String toString() {
            return "permute " + axes;
        }
    }

    /**
     * The tensor, of the target's rank with length 1 on every axis to repeat, repeated along those
     * axes to {@code target} (a length known only at run time is never repeated).
     */
    record Expand(SymbolicShape target) implements PlanStep {
        @Override
        public String toString() {
            return "expand " + target;
        }
    }
}
