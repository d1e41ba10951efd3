package dev.einops.internal.exec;

import dev.einops.internal.recipe.EinsumPlan;
import dev.einops.internal.recipe.EinsumStep;
import dev.einops.spi.Backend;
import dev.einops.types.DTypeFamily;
import dev.einops.types.Reduction;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an {@link EinsumPlan} through a {@link Backend}, releasing each intermediate as soon as
 * the next step no longer needs it.
 *
 * <pre>{@code
 * EinsumPlan plan = EinsumCompiler.compile("i j, j k -> i k", List.of(a.shape(), b.shape()));
 * INDArray c = EinsumExecutor.execute(plan, Backends.forTensor(a), List.of(a, b));
 * }</pre>
 */
public final class EinsumExecutor {
    private EinsumExecutor() {
    }

    /** Applies {@code plan} to {@code operands}, which must have the shapes it was compiled for. */
    public static <T> T execute(EinsumPlan plan, Backend<T> backend, List<T> operands) {
        // numpy's einsum of booleans stays boolean: sums become "any".
        boolean booleanResult = operands.stream().allMatch(x -> backend.dtypeFamily(x) == DTypeFamily.BOOLEAN);
        Reduction sum = booleanResult ? Reduction.ANY : Reduction.SUM;
        List<OwnedTensor<T>> slots = new ArrayList<>();
        for (T operand : operands) {
            slots.add(new OwnedTensor<>(backend, operand, false));
        }
        for (EinsumStep step : plan.steps()) {
            if (step instanceof EinsumStep.MatMul m) {
                T product = backend.matmul(slots.get(m.left()).current(), slots.get(m.right()).current(),
                        m.transposeLeft(), m.transposeRight());
                slots.get(m.left()).releaseUnlessUsedBy(product);
                slots.get(m.right()).releaseUnlessUsedBy(product);
                slots.add(new OwnedTensor<>(backend, product, true));
                continue;
            }
            OwnedTensor<T> slot = slots.get(step.slot());
            slot.advance(apply(step, backend, slot.current(), sum, operands));
        }
        T result = slots.get(plan.resultSlot()).current();
        for (int i = 0; i < slots.size(); i++) {
            if (i != plan.resultSlot()) {
                slots.get(i).releaseUnlessUsedBy(result);
            }
        }
        return result;
    }

    private static <T> T apply(EinsumStep step, Backend<T> backend, T x, Reduction sum, List<T> operands) {
        if (step instanceof EinsumStep.Reshape r) {
            return PlanExecutor.reshape(backend, x, r.target(), operands);
        }
        if (step instanceof EinsumStep.Permute p) {
            return backend.permute(x, p.axes().toArray());
        }
        if (step instanceof EinsumStep.StridedSlice s) {
            return backend.slice(x, backend.shape(x).length - 1, 0, s.length(), s.step());
        }
        if (step instanceof EinsumStep.Sum s) {
            return backend.reduce(x, sum, s.axes().toArray());
        }
        throw new IllegalArgumentException("not a single-slot step: " + step);
    }
}
