package dev.einops.recipe;

import java.io.Serializable;
import java.util.List;

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
    public String toString() {
        return steps.isEmpty() ? "identity" : String.join(" -> ", steps.stream().map(Object::toString).toList());
    }
}
