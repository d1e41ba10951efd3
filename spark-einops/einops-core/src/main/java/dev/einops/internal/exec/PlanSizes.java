package dev.einops.internal.exec;

import dev.einops.internal.recipe.EinsumPlan;
import dev.einops.internal.recipe.EinsumStep;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.PlanStep;
import dev.einops.types.TensorSizeLimit;
import java.util.ArrayList;
import java.util.List;

/**
 * The sizes of the tensors a plan makes, checked against a {@link TensorSizeLimit} before it
 * runs: a repeat whose result would need terabytes is refused with the result's size and the
 * limit, before the backend is asked for memory.
 *
 * <pre>{@code
 * ExecutionPlan plan = PlanCache.shared().plan(Operation.REPEAT, "c h w -> c h w r", List.of("r"),
 *         new long[] {1_000_000_000_000L}, new long[] {3, 8, 8});
 * PlanSizes.check(plan, 4, TensorSizeLimit.fromSystemProperties());   // EinopsException: ... needs 768000000000000 bytes ...
 * }</pre>
 */
public final class PlanSizes {
    private PlanSizes() {
    }

    /**
     * Throws when a tensor that {@code plan} makes, larger than its input (which exists already),
     * would exceed {@code limit}; lengths known only at run time are not checked.
     *
     * @param elementBytes bytes of one element; 0 checks nothing
     */
    public static void check(ExecutionPlan plan, long elementBytes, TensorSizeLimit limit) {
        if (elementBytes <= 0) {
            return;
        }
        long input = TensorSizeLimit.bytesOf(plan.inputShape(), elementBytes);
        List<long[]> shapes = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Reshape r) {
                shapes.add(r.target().lengths());
            } else if (step instanceof PlanStep.Expand e) {
                shapes.add(e.target().lengths());
            }
        }
        shapes.add(plan.outputShape());
        checkLargest(shapes, input, elementBytes, limit);
    }

    /** {@link #check(ExecutionPlan, long, TensorSizeLimit)} for an einsum: its result and reshapes. */
    public static void check(EinsumPlan plan, long[][] inputShapes, long elementBytes, TensorSizeLimit limit) {
        if (elementBytes <= 0) {
            return;
        }
        long input = 0;
        for (long[] shape : inputShapes) {
            input = Math.max(input, TensorSizeLimit.bytesOf(shape, elementBytes));
        }
        List<long[]> shapes = new ArrayList<>();
        for (EinsumStep step : plan.steps()) {
            if (step instanceof EinsumStep.Reshape r) {
                shapes.add(r.target().lengths());
            }
        }
        shapes.add(plan.outputShape());
        checkLargest(shapes, input, elementBytes, limit);
    }

    private static void checkLargest(List<long[]> shapes, long inputBytes, long elementBytes, TensorSizeLimit limit) {
        long[] largest = null;
        long largestBytes = inputBytes;
        for (long[] shape : shapes) {
            long bytes = TensorSizeLimit.bytesOf(shape, elementBytes);
            if (bytes > largestBytes) {
                largest = shape;
                largestBytes = bytes;
            }
        }
        if (largest == null) {
            return;
        }
        long[] result = shapes.get(shapes.size() - 1);
        if (TensorSizeLimit.bytesOf(result, elementBytes) == largestBytes) {
            limit.check(result, elementBytes, "the result");
        } else {
            limit.check(largest, elementBytes, "a step's result");
        }
    }
}
