package dev.einops.internal.exec;

import dev.einops.types.EinopsException;
import dev.einops.types.Reducer;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.PlanStep;
import dev.einops.internal.recipe.SymbolicShape;
import java.util.List;
import java.util.Arrays;
import dev.einops.spi.Backend;

/**
 * Runs an {@link ExecutionPlan} on one tensor through its {@link Backend}, one backend call per
 * step, releasing every intermediate the plan allocated and the result does not use.
 *
 * <pre>{@code
 * ExecutionPlan plan = PlanCache.shared().plan(Operation.REARRANGE, "a b -> b a", List.of(), new long[0], x.shape());
 * INDArray y = PlanExecutor.execute(plan, Backends.forTensor(x), x, null);
 * }</pre>
 */
public final class PlanExecutor {
    private PlanExecutor() {
    }

    /**
     * Applies {@code plan} to {@code input}.
     *
     * @param reducer the reduction, required when the plan reduces; a custom reducer's result is
     *                checked against the shape the plan expects
     */
    public static <T> T execute(ExecutionPlan plan, Backend<T> backend, T input, Reducer<T> reducer) {
        return execute(plan, backend, input, reducer, false);
    }

    /**
     * Applies {@code plan} to {@code input}, which the engine made itself when {@code inputOwned}
     * (a stacked list, say), so that it is released once the result no longer uses it.
     */
    public static <T> T execute(ExecutionPlan plan, Backend<T> backend, T input, Reducer<T> reducer,
                                boolean inputOwned) {
        return execute(plan, 0, backend, input, reducer, inputOwned);
    }

    /**
     * Applies the steps of {@code plan} from {@code firstStep} on to {@code input}, the result of
     * the steps before it (a list stacked straight into a permuted layout, say); the plan's
     * shapes must then all be known.
     */
    public static <T> T execute(ExecutionPlan plan, int firstStep, Backend<T> backend, T input, Reducer<T> reducer,
                                boolean inputOwned) {
        OwnedTensor<T> run = new OwnedTensor<>(backend, input, inputOwned);
        List<PlanStep> steps = plan.steps();
        for (int i = firstStep; i < steps.size(); i++) {
            run.advance(apply(steps.get(i), backend, run.current(), reducer, input));
        }
        return run.current();
    }

    private static <T> T apply(PlanStep step, Backend<T> backend, T x, Reducer<T> reducer, T input) {
        if (step instanceof PlanStep.Reshape r) {
            return reshape(backend, x, r.target(), List.of(input));
        }
        if (step instanceof PlanStep.Reduce r) {
            return reduce(backend, x, r, reducer);
        }
        if (step instanceof PlanStep.Permute p) {
            return backend.permute(x, p.axes().toArray());
        }
        if (step instanceof PlanStep.Expand e) {
            return backend.expand(x, e.target().lengths());
        }
        throw new IllegalArgumentException("unknown plan step " + step);
    }

    private static <T> T reduce(Backend<T> backend, T x, PlanStep.Reduce step, Reducer<T> reducer) {
        if (reducer == null) {
            throw new EinopsException("The pattern reduces axes but no reduction was given");
        }
        T reduced = reducer.reduce(x, step.axes().toArray());
        long[] expected = step.resultShape().lengths();
        if (reduced == null || !sameKnownLengths(backend.shape(reduced), expected)) {
            throw new EinopsException("The reduction returned shape "
                    + (reduced == null ? "null" : Arrays.toString(backend.shape(reduced)))
                    + ", expected " + Arrays.toString(expected));
        }
        return reduced;
    }

    /**
     * {@code x} reshaped to {@code target}: a plain {@link Backend#reshape(Object, long[]) reshape}
     * when every length is known, else the backend computes the lengths from {@code operands}, the
     * tensors the target's dimensions refer to.
     */
    public static <T> T reshape(Backend<T> backend, T x, SymbolicShape target, List<T> operands) {
        return target.isKnown() ? backend.reshape(x, target.lengths())
                : backend.reshape(x, target.lengths(), target.dims(), operands);
    }

    /** Equal ranks, and equal lengths wherever both are known. */
    private static boolean sameKnownLengths(long[] actual, long[] expected) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] >= 0 && expected[i] >= 0 && actual[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
