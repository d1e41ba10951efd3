package dev.einops.internal.exec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.internal.recipe.PlanCache;
import dev.einops.types.EinopsException;
import dev.einops.types.TensorSizeLimit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tensors of a plan are checked: those larger than the input, with known lengths. */
class PlanSizesTest {
    private static final TensorSizeLimit KIB = TensorSizeLimit.of(1024, "test.limit");

    @Test
    void anInputLargerThanTheLimitMayStillBeRearranged() {
        ExecutionPlan plan = PlanCache.shared().plan(Operation.REARRANGE, "a b -> b a", List.of(), new long[0],
                new long[] {64, 64});
        assertDoesNotThrow(() -> PlanSizes.check(plan, 4, KIB));
    }

    @Test
    void growthPastTheLimitIsRefused() {
        ExecutionPlan plan = PlanCache.shared().plan(Operation.REPEAT, "a -> a r", List.of("r"), new long[] {65},
                new long[] {4});
        EinopsException e = assertThrows(EinopsException.class, () -> PlanSizes.check(plan, 4, KIB));
        assertEquals("the result [4, 65] of 4-byte elements needs 1040 bytes (1.0 KiB), more than the limit of "
                + "1024 bytes (1.0 KiB) per tensor (test.limit)", e.reason());
        assertDoesNotThrow(() -> PlanSizes.check(plan, 0, KIB), "0 bytes per element: a graph, nothing to check");
    }

    @Test
    void anExpandedIntermediateLargerThanTheResultIsRefused() {
        // repeat then reduce: the broadcast [4, 1000] is made before the sum brings it back to [4]
        ExecutionPlan plan = PlanCache.shared().plan(Operation.REPEAT, "a -> a r", List.of("r"), new long[] {1000},
                new long[] {4});
        EinopsException e = assertThrows(EinopsException.class, () -> PlanSizes.check(plan, 8, KIB));
        assertEquals("the result [4, 1000] of 8-byte elements needs 32000 bytes (31.3 KiB), more than the limit of "
                + "1024 bytes (1.0 KiB) per tensor (test.limit)", e.reason());
    }
}
