package dev.einops.internal.recipe;

import dev.einops.spi.SymbolicDim;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The concrete steps that turn a tensor of one shape into the result of one pattern: at most a
 * reshape, a reduce, a permute, an expand (repeat, after a reshape that adds its unit axes when
 * needed) and a reshape, in that order; a plan without steps returns its input. Immutable and
 * serializable, so one plan serves many tensors of the same shape, on any backend and any
 * machine; equal to any plan of the same shapes and steps.
 *
 * <p>Shapes hold -1 where a length is known only when the tensor runs (a graph placeholder's batch
 * axis); reshape targets then carry those lengths as {@link SymbolicDim}s, for the backend to
 * compute inside the graph.
 *
 * <pre>{@code
 * ExecutionPlan p = PlanCache.shared().plan(Operation.REDUCE, "b c (h 2) (w 2) -> b c h w",
 *         List.of(), new long[0], new long[] {10, 32, 100, 200});
 * p.toString();       // reshape [16000, 2, 100, 2] -> reduce [1, 3] -> reshape [10, 32, 50, 100]
 * p.outputShape();    // [10, 32, 50, 100]
 * p.steps().get(1);   // a PlanStep.Reduce over axes [1, 3]
 * }</pre>
 *
 * @param inputShape  the input shape the plan was made for (-1 where known only at run time)
 * @param steps       the steps, in order
 * @param outputShape the shape of the result (-1 where known only at run time)
 */
public record ExecutionPlan(long[] inputShape, List<PlanStep> steps, long[] outputShape) implements Serializable {
    private static final long serialVersionUID = 3L;

    public ExecutionPlan {
        inputShape = inputShape.clone();
        steps = List.copyOf(steps);
        outputShape = outputShape.clone();
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public long[] outputShape() {
        return outputShape.clone();
    }

    /** Whether a step reduces. */
    public boolean reduces() {
        return steps.stream().anyMatch(PlanStep.Reduce.class::isInstance);
    }

    /** Whether the plan has no steps: the input is the result. */
    public boolean isIdentity() {
        return steps.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionPlan p && Arrays.equals(inputShape, p.inputShape) && steps.equals(p.steps)
                && Arrays.equals(outputShape, p.outputShape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(inputShape), steps, Arrays.hashCode(outputShape));
    }

    /** The steps joined by arrows, {@code reshape [320, 20000] -> reduce [1] -> reshape [10, 32]}, or {@code identity}. */
    @Override
    public String toString() {
        return steps.isEmpty() ? "identity" : String.join(" -> ", steps.stream().map(Object::toString).toList());
    }
}
