package dev.einops;

import dev.einops.internal.exec.PlanExecutor;
import dev.einops.internal.recipe.AxesLengths;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.internal.recipe.PlanCache;
import dev.einops.spi.Backend;
import dev.einops.spi.Backends;
import dev.einops.types.EinopsException;
import dev.einops.types.Reducer;
import dev.einops.types.Reduction;
import java.util.Arrays;
import java.util.List;
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
            return run(call, backend, tensor, shape, false);
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
            T stacked = backend.stack(list.tensors());
            return run(call, backend, stacked, backend.shape(stacked), true);
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, call.label(), call.pattern(), EinopsException.describeShapes(shapes),
                    call.axesLengths());
        }
    }

    private static <T> T run(Call<T> call, Backend<T> backend, T tensor, long[] shape, boolean tensorOwned) {
        Reduction reduction = call.operation() == Operation.REDUCE && call.customReducer() == null
                ? Reduction.fromName(call.reductionName()) : null;
        AxesLengths lengths = AxesLengths.of(call.axesLengths());
        ExecutionPlan plan = PlanCache.shared().plan(call.operation(), call.pattern(), lengths.names(),
                lengths.values(), shape);
        Reducer<T> reducer = null;
        if (plan.reduces()) {
            if (call.customReducer() != null) {
                reducer = call.customReducer();
            } else {
                reduction.resultFamily(backend.dtypeFamily(tensor));
                reducer = (x, axes) -> backend.reduce(x, reduction, axes);
            }
        }
        return PlanExecutor.execute(plan, backend, tensor, reducer, tensorOwned);
    }
}
