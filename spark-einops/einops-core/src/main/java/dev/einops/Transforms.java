package dev.einops;

import dev.einops.internal.exec.PlanExecutor;
import dev.einops.internal.exec.PlanSizes;
import dev.einops.internal.recipe.AxesLengths;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.internal.recipe.PlanCache;
import dev.einops.internal.recipe.PlanStep;
import dev.einops.spi.Backend;
import dev.einops.spi.Backends;
import dev.einops.types.EinopsException;
import dev.einops.types.Reducer;
import dev.einops.types.Reduction;
import dev.einops.types.TensorSizeLimit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;

/**
 * The body of every rearrange / reduce / repeat call: find the backend, stack a list, look up the
 * cached plan, check the dtype rules, execute, and add the call's context to any rejection.
 */
final class Transforms {
    private Transforms() {
    }

    /** One call: the operation, the reduction (named or custom, for REDUCE), pattern and lengths. */
    record Call<T>(Operation operation, String reductionName, Reducer<T> customReducer, String pattern,
                   Map<String, ? extends Number> axesLengths) {
        static <T> Call<T> of(Operation operation, String pattern, Map<String, ? extends Number> axesLengths) {
            return new Call<>(operation, null, null, pattern, axesLengths);
        }

        static <T> Call<T> reduce(String reduction, String pattern, Map<String, ? extends Number> axesLengths) {
            return new Call<>(Operation.REDUCE, reduction, null, pattern, axesLengths);
        }

        static <T> Call<T> reduce(Reducer<T> reducer, String pattern, Map<String, ? extends Number> axesLengths) {
            if (reducer == null) {
                throw new EinopsException("Reducer is null").withContext("reduce", pattern, null, axesLengths);
            }
            return new Call<>(Operation.REDUCE, null, reducer, pattern, axesLengths);
        }

        String label() {
            return switch (operation) {
                case REARRANGE, REPEAT -> operation.label();
                case REDUCE -> (customReducer != null ? "custom" : reductionName) + "-reduction";
            };
        }
    }

    static <T> T apply(Call<T> call, T tensor) {
        long[] shape = null;
        try {
            Backend<T> backend = Backends.forTensor(tensor);
            shape = backend.shape(tensor);
            ExecutionPlan plan = plan(call, backend, shape);
            checkSizes(plan, backend, tensor);
            return run(call, backend, plan, 0, tensor, false);
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, call.label(), call.pattern(),
                    shape == null ? null : Arrays.toString(shape), call.axesLengths());
        }
    }

    static <T> T applyToList(Call<T> call, List<T> tensors) {
        long[][] shapes = null;
        try {
            TensorLists<T> list = TensorLists.of(tensors, "Rearrange/Reduce/Repeat can't be applied to an empty list");
            shapes = list.shapes();
            for (int i = 1; i < shapes.length; i++) {
                if (!Arrays.equals(shapes[0], shapes[i])) {
                    throw new EinopsException("All tensors of a list must have the same shape, but tensor 0 has "
                            + Arrays.toString(shapes[0]) + " and tensor " + i + " has " + Arrays.toString(shapes[i]));
                }
            }
            Backend<T> backend = list.backend();
            long[] shape = new long[shapes[0].length + 1];
            shape[0] = shapes.length;
            System.arraycopy(shapes[0], 0, shape, 1, shapes[0].length);
            ExecutionPlan plan = plan(call, backend, shape);
            checkSizes(plan, backend, list.tensors().get(0));
            ListStart start = ListStart.of(plan, shape);
            T stacked = start.steps() == 0 ? backend.stack(list.tensors())
                    : backend.stack(list.tensors(), start.shape(), start.axes());
            return run(call, backend, plan, start.steps(), stacked, true);
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, call.label(), call.pattern(), EinopsException.describeShapes(shapes),
                    call.axesLengths());
        }
    }

    /**
     * The leading steps of a list's plan that the backend does while stacking: its first reshape
     * and permutation, when the plan's shapes are known. The list is then copied once, straight
     * into the layout they give.
     *
     * @param steps how many of the plan's steps this covers
     * @param shape the stacked tensor's shape after the reshape
     * @param axes  the permutation after it
     */
    private record ListStart(int steps, long[] shape, int[] axes) {
        static ListStart of(ExecutionPlan plan, long[] stackedShape) {
            List<PlanStep> steps = plan.steps();
            if (Arrays.stream(stackedShape).anyMatch(d -> d < 0)) {
                return new ListStart(0, stackedShape, null);
            }
            int done = 0;
            long[] shape = stackedShape;
            if (!steps.isEmpty() && steps.get(0) instanceof PlanStep.Reshape r) {
                shape = r.target().lengths();
                done++;
            }
            int[] axes = IntStream.range(0, shape.length).toArray();
            if (done < steps.size() && steps.get(done) instanceof PlanStep.Permute p) {
                axes = p.axes().toArray();
                done++;
            }
            return new ListStart(done, shape, axes);
        }
    }

    private static ExecutionPlan plan(Call<?> call, Backend<?> backend, long[] shape) {
        AxesLengths lengths = AxesLengths.of(call.axesLengths());
        return PlanCache.shared().plan(call.operation(), call.pattern(), lengths.names(), lengths.values(), shape,
                backend.everyStepCopies());
    }

    /** Refuses, before any memory is taken, a plan whose result would exceed the size limit. */
    private static <T> void checkSizes(ExecutionPlan plan, Backend<T> backend, T tensor) {
        PlanSizes.check(plan, backend.elementBytes(tensor), backend.sizeLimit(TensorSizeLimit.fromSystemProperties()));
    }

    /** Runs the plan's steps from {@code firstStep} on {@code tensor}, the result of those before. */
    private static <T> T run(Call<T> call, Backend<T> backend, ExecutionPlan plan, int firstStep, T tensor,
                             boolean tensorOwned) {
        Reduction reduction = call.operation() == Operation.REDUCE && call.customReducer() == null
                ? Reduction.fromName(call.reductionName()) : null;
        Reducer<T> reducer = null;
        if (plan.reduces()) {
            if (call.customReducer() != null) {
                reducer = call.customReducer();
            } else {
                reduction.resultFamily(backend.dtypeFamily(tensor));
                reducer = (x, axes) -> backend.reduce(x, reduction, axes);
            }
        }
        return PlanExecutor.execute(plan, firstStep, backend, tensor, reducer, tensorOwned);
    }
}
