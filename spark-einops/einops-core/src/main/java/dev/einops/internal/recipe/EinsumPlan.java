package dev.einops.internal.recipe;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How to compute one einsum on operands of given shapes: diagonals, broadcast axes of length 1
 * squeezed away, axes no one else needs summed early, then pairwise matrix products in a greedy
 * order, then the output's axis order.
 *
 * <pre>{@code
 * EinsumPlan p = EinsumCompiler.compile("b i d, b j d -> b i j",
 *         List.of(new long[] {16, 256, 64}, new long[] {16, 256, 64}));
 * p.toString();   // matmul 0 1T -> 2
 * }</pre>
 *
 * <p>Immutable, serializable and equal to any plan of the same steps.
 *
 * @param operandCount the number of operands
 * @param steps        the steps, in order
 * @param resultSlot   the slot holding the result at the end
 * @param outputShape  the result's shape
 */
public record EinsumPlan(int operandCount, List<EinsumStep> steps, int resultSlot, long[] outputShape)
        implements Serializable {
    public EinsumPlan {
        steps = List.copyOf(steps);
        outputShape = outputShape.clone();
    }

    @Override
    public long[] outputShape() {
        return outputShape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EinsumPlan p && operandCount == p.operandCount && resultSlot == p.resultSlot
                && steps.equals(p.steps) && Arrays.equals(outputShape, p.outputShape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operandCount, steps, resultSlot, Arrays.hashCode(outputShape));
    }

    @Override
    public String toString() {
        return steps.isEmpty() ? "identity" : String.join(" -> ", steps.stream().map(Object::toString).toList());
    }
}
