package dev.einops.recipe;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The concrete steps that turn a tensor of one shape into the result of one pattern:
 * reshape, reduce, permute, expand (repeat), reshape. Each step may be absent; a plan without
 * steps returns its input. Immutable and serializable, so one plan serves many tensors of the
 * same shape, on any backend and any machine.
 *
 * <pre>{@code
 * ExecutionPlan p = PlanCache.shared().plan(Operation.REARRANGE, "b c h w -> b h w c",
 *         List.of(), new long[0], new long[] {10, 32, 100, 200});
 * p.toString();       // permute [0, 2, 3, 1]
 * p.outputShape();    // [10, 100, 200, 32]
 * }</pre>
 */
public final class ExecutionPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] inputShape;
    private final long[] initShape;
    private final int[] reduceAxes;
    private final long[] reducedShape;
    private final int[] permutation;
    private final long[] unitShape;
    private final long[] expandedShape;
    private final long[] finalShape;
    private final long[] outputShape;

    ExecutionPlan(long[] inputShape, long[] initShape, int[] reduceAxes, long[] reducedShape, int[] permutation,
                  long[] unitShape, long[] expandedShape, long[] finalShape, long[] outputShape) {
        this.inputShape = inputShape.clone();
        this.initShape = clone(initShape);
        this.reduceAxes = reduceAxes == null ? null : reduceAxes.clone();
        this.reducedShape = clone(reducedShape);
        this.permutation = permutation == null ? null : permutation.clone();
        this.unitShape = clone(unitShape);
        this.expandedShape = clone(expandedShape);
        this.finalShape = clone(finalShape);
        this.outputShape = outputShape.clone();
    }

    /** The input shape the plan was made for. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The shape to reshape the input to first, or null when the input is used as is. */
    public long[] initShape() {
        return clone(initShape);
    }

    /** The axes to reduce after the first reshape (never empty), or null when nothing is reduced. */
    public int[] reduceAxes() {
        return reduceAxes == null ? null : reduceAxes.clone();
    }

    /** The shape after the reduction, or null when nothing is reduced. */
    public long[] reducedShape() {
        return clone(reducedShape);
    }

    /** The permutation to apply after the reduction, or null when the order is kept. */
    public int[] permutation() {
        return permutation == null ? null : permutation.clone();
    }

    /**
     * The shape to view the permuted tensor as before repeating it: the permuted shape with a 1
     * where each new axis goes; or null when no axis is repeated.
     */
    public long[] unitShape() {
        return clone(unitShape);
    }

    /** The shape after repeating along the unit axes of {@link #unitShape()}, or null. */
    public long[] expandedShape() {
        return clone(expandedShape);
    }

    /** The last reshape, or null when the tensor already has the output shape. */
    public long[] finalShape() {
        return clone(finalShape);
    }

    /** The shape of the result. */
    public long[] outputShape() {
        return outputShape.clone();
    }

    /** Whether the plan reduces. */
    public boolean reduces() {
        return reduceAxes != null;
    }

    /** Whether the plan has no steps: the input is the result. */
    public boolean isIdentity() {
        return stepCount() == 0;
    }

    /** The number of steps, each one call into the tensor library. */
    public int stepCount() {
        int n = 0;
        n += initShape != null ? 1 : 0;
        n += reduceAxes != null ? 1 : 0;
        n += permutation != null ? 1 : 0;
        n += unitShape != null ? 1 : 0;
        n += finalShape != null ? 1 : 0;
        return n;
    }

    @Override
    public String toString() {
        List<String> steps = new ArrayList<>();
        if (initShape != null) {
            steps.add("reshape " + Arrays.toString(initShape));
        }
        if (reduceAxes != null) {
            steps.add("reduce " + Arrays.toString(reduceAxes));
        }
        if (permutation != null) {
            steps.add("permute " + Arrays.toString(permutation));
        }
        if (unitShape != null) {
            steps.add("expand " + Arrays.toString(unitShape) + " to " + Arrays.toString(expandedShape));
        }
        if (finalShape != null) {
            steps.add("reshape " + Arrays.toString(finalShape));
        }
        return steps.isEmpty() ? "identity" : String.join(" -> ", steps);
    }

    private static long[] clone(long[] a) {
        return a == null ? null : a.clone();
    }
}
