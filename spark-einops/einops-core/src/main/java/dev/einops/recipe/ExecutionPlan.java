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
 * <p>Shapes hold -1 where a length is known only when the tensor runs (a graph placeholder's batch
 * axis); the reshapes then also carry their lengths as {@link SymbolicDim}s, for the backend to
 * compute inside the graph.
 *
 * <pre>{@code
 * ExecutionPlan p = PlanCache.shared().plan(Operation.REARRANGE, "b c h w -> b h w c",
 *         List.of(), new long[0], new long[] {10, 32, 100, 200});
 * p.toString();       // permute [0, 2, 3, 1]
 * p.outputShape();    // [10, 100, 200, 32]
 * }</pre>
 */
public final class ExecutionPlan implements Serializable {
    private static final long serialVersionUID = 2L;

    private final long[] inputShape;
    private final Shape init;
    private final int[] reduceAxes;
    private final long[] reducedShape;
    private final int[] permutation;
    private final Shape unit;
    private final boolean reshapeToUnit;
    private final long[] expandedShape;
    private final Shape last;
    private final long[] outputShape;

    /** A reshape target: its lengths (-1 where unknown) and, when some are unknown, how to compute them. */
    private record Shape(long[] lengths, SymbolicDim[] dims) implements Serializable {
        static Shape of(SymbolicDim[] dims) {
            return dims == null ? null
                    : new Shape(SymbolicDim.shapeOf(dims), SymbolicDim.anyUnknown(dims) ? dims.clone() : null);
        }
    }

    ExecutionPlan(long[] inputShape, SymbolicDim[] initShape, int[] reduceAxes, SymbolicDim[] reducedShape,
                  int[] permutation, SymbolicDim[] unitShape, boolean reshapeToUnit, SymbolicDim[] expandedShape,
                  SymbolicDim[] finalShape, SymbolicDim[] outputShape) {
        this.inputShape = inputShape.clone();
        this.init = Shape.of(initShape);
        this.reduceAxes = reduceAxes == null ? null : reduceAxes.clone();
        this.reducedShape = reducedShape == null ? null : SymbolicDim.shapeOf(reducedShape);
        this.permutation = permutation == null ? null : permutation.clone();
        this.unit = Shape.of(unitShape);
        this.reshapeToUnit = reshapeToUnit;
        this.expandedShape = expandedShape == null ? null : SymbolicDim.shapeOf(expandedShape);
        this.last = Shape.of(finalShape);
        this.outputShape = SymbolicDim.shapeOf(outputShape);
    }

    /** The input shape the plan was made for (-1 where known only at run time). */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The shape to reshape the input to first, or null when the input is used as is. */
    public long[] initShape() {
        return init == null ? null : init.lengths().clone();
    }

    /** The first reshape's lengths when some are known only at run time, else null. */
    public SymbolicDim[] initDims() {
        return init == null || init.dims() == null ? null : init.dims().clone();
    }

    /** The axes to reduce after the first reshape (never empty), or null when nothing is reduced. */
    public int[] reduceAxes() {
        return reduceAxes == null ? null : reduceAxes.clone();
    }

    /** The shape after the reduction, or null when nothing is reduced. */
    public long[] reducedShape() {
        return reducedShape == null ? null : reducedShape.clone();
    }

    /** The permutation to apply after the reduction, or null when the order is kept. */
    public int[] permutation() {
        return permutation == null ? null : permutation.clone();
    }

    /**
     * The shape the permuted tensor takes before repeating: its shape with a 1 where each new axis
     * goes; or null when no axis is repeated.
     */
    public long[] unitShape() {
        return unit == null ? null : unit.lengths().clone();
    }

    /** The unit shape's lengths when some are known only at run time, else null. */
    public SymbolicDim[] unitDims() {
        return unit == null || unit.dims() == null ? null : unit.dims().clone();
    }

    /** Whether the tensor must be reshaped to {@link #unitShape()} before repeating. */
    public boolean reshapesToUnitShape() {
        return reshapeToUnit;
    }

    /** The shape after repeating along the unit axes of {@link #unitShape()}, or null. */
    public long[] expandedShape() {
        return expandedShape == null ? null : expandedShape.clone();
    }

    /** The last reshape, or null when the tensor already has the output shape. */
    public long[] finalShape() {
        return last == null ? null : last.lengths().clone();
    }

    /** The last reshape's lengths when some are known only at run time, else null. */
    public SymbolicDim[] finalDims() {
        return last == null || last.dims() == null ? null : last.dims().clone();
    }

    /** The shape of the result (-1 where known only at run time). */
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

    /** The number of steps, each one call into the tensor library (two for a repeat that reshapes first). */
    public int stepCount() {
        int n = 0;
        n += init != null ? 1 : 0;
        n += reduceAxes != null ? 1 : 0;
        n += permutation != null ? 1 : 0;
        n += unit != null ? (reshapeToUnit ? 2 : 1) : 0;
        n += last != null ? 1 : 0;
        return n;
    }

    @Override
    public String toString() {
        List<String> steps = new ArrayList<>();
        if (init != null) {
            steps.add("reshape " + Arrays.toString(init.lengths()));
        }
        if (reduceAxes != null) {
            steps.add("reduce " + Arrays.toString(reduceAxes));
        }
        if (permutation != null) {
            steps.add("permute " + Arrays.toString(permutation));
        }
        if (unit != null) {
            steps.add("expand " + Arrays.toString(unit.lengths()) + " to " + Arrays.toString(expandedShape));
        }
        if (last != null) {
            steps.add("reshape " + Arrays.toString(last.lengths()));
        }
        return steps.isEmpty() ? "identity" : String.join(" -> ", steps);
    }
}
