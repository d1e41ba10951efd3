package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spi.SymbolicDim;
import dev.einops.types.EinopsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanBuilderTest {
    private static final long[] TUTORIAL = {10, 32, 100, 200};
    private final PlanCache cache = new PlanCache(64, 64);

    private ExecutionPlan plan(Operation op, String pattern, long[] shape, Map<String, Long> axes) {
        List<String> names = List.copyOf(axes.keySet());
        long[] values = names.stream().mapToLong(axes::get).toArray();
        return cache.plan(op, pattern, names, values, shape);
    }

    private ExecutionPlan plan(Operation op, String pattern, long[] shape) {
        return plan(op, pattern, shape, Map.of());
    }

    @Test
    void transposeThatStaysAViewIsOnePermuteEvenWhenLarge() {
        ExecutionPlan p = plan(Operation.REARRANGE, "b c h w -> b h w c", TUTORIAL);
        assertEquals("permute [0, 2, 3, 1]", p.toString());
        assertArrayEquals(new long[] {10, 100, 200, 32}, p.outputShape());
    }

    @Test
    void flatteningIsOneReshape() {
        assertEquals("reshape [10, 640000]", plan(Operation.REARRANGE, "b c h w -> b (c h w)", TUTORIAL).toString());
    }

    @Test
    void aBackendWhoseEveryStepCopiesGetsTheFewestSteps() {
        assertEquals("reshape [320, 20000] -> reduce [1]",
                plan(Operation.REDUCE, "b c h w -> b c", TUTORIAL, Map.of()).toString().replace(" -> reshape [10, 32]", ""));
        assertEquals("reduce [2, 3]", cache.plan(Operation.REDUCE, "b c h w -> b c", List.of(), new long[0], TUTORIAL,
                true).toString());
        assertEquals("permute [0, 2, 3, 1] -> reshape [10, 640000]", cache.plan(Operation.REARRANGE,
                "b c h w -> b (h w c)", List.of(), new long[0], TUTORIAL, true).toString());
        assertEquals("reshape [10, 32, 50, 2, 100, 2] -> reduce [3, 5]", cache.plan(Operation.REDUCE,
                "b c (h 2) (w 2) -> b c h w", List.of(), new long[0], TUTORIAL, true).toString());
        // a plan with as few steps either way is the same
        assertEquals(plan(Operation.REARRANGE, "b c h w -> b h w c", TUTORIAL), cache.plan(Operation.REARRANGE,
                "b c h w -> b h w c", List.of(), new long[0], TUTORIAL, true));
    }

    @Test
    void identityHasNoSteps() {
        assertTrue(plan(Operation.REARRANGE, "b c h w -> b c h w", TUTORIAL).isIdentity());
        assertTrue(plan(Operation.REARRANGE, "... -> ...", TUTORIAL).isIdentity());
    }

    @Test
    void largeCopiesArePermutedAtLowerRank() {
        assertEquals("reshape [10, 32, 20000] -> permute [0, 2, 1] -> reshape [10, 640000]",
                plan(Operation.REARRANGE, "b c h w -> b (h w c)", TUTORIAL).toString());
        // the same pattern on a tiny tensor keeps the two steps of the literal plan
        assertEquals("permute [0, 2, 3, 1] -> reshape [2, 24]",
                plan(Operation.REARRANGE, "b c h w -> b (h w c)", new long[] {2, 2, 3, 4}).toString());
    }

    @Test
    void axesTravellingTogetherAreMerged() {
        // channel shuffle: c h w stay together, so the permute has rank 4, not 6
        ExecutionPlan p = plan(Operation.REARRANGE, "b (g1 g2 c) h w -> b (g2 g1 c) h w", TUTORIAL,
                Map.of("g1", 4L, "g2", 4L));
        assertEquals("reshape [10, 4, 4, 40000] -> permute [0, 2, 1, 3] -> reshape [10, 32, 100, 200]", p.toString());
        // h and w merge; the merged result is already the output shape, so no final reshape
        assertEquals("reshape [10, 32, 20000] -> permute [0, 2, 1]",
                plan(Operation.REARRANGE, "b c h w -> b (h w) c", TUTORIAL).toString());
    }

    @Test
    void reducedNeighboursAreReducedTogether() {
        assertEquals("reshape [320, 20000] -> reduce [1] -> reshape [10, 32]",
                plan(Operation.REDUCE, "b c h w -> b c", TUTORIAL).toString());
        // b c h stay neighbours in the output, so they merge too
        assertEquals("reshape [16000, 2, 100, 2] -> reduce [1, 3] -> reshape [10, 32, 50, 100]",
                plan(Operation.REDUCE, "b c (h 2) (w 2) -> b c h w", TUTORIAL).toString());
    }

    @Test
    void smallTensorsKeepTheFewestSteps() {
        // merging would add a reshape before and after; on a tiny tensor one call is cheaper
        assertEquals("reduce [2, 3]", plan(Operation.REDUCE, "b c h w -> b c", new long[] {2, 3, 4, 5}).toString());
        assertEquals("permute [2, 1, 0]", plan(Operation.REARRANGE, "a b c -> c b a", new long[] {3, 1, 4}).toString());
    }

    @Test
    void repeatExpandsIntoUnitAxesOfTheMergedTensor() {
        ExecutionPlan p = plan(Operation.REPEAT, "b c h w -> b c (h 2) (w 2)", TUTORIAL);
        assertEquals("reshape [32000, 1, 200, 1] -> expand [32000, 2, 200, 2] -> reshape [10, 32, 200, 400]",
                p.toString());
        // tiny tensor: one expand beats merging h w and c d (three steps)
        ExecutionPlan q = plan(Operation.REPEAT, "h w -> h w c d", new long[] {30, 40}, Map.of("c", 3L, "d", 2L));
        assertEquals("reshape [30, 40, 1, 1] -> expand [30, 40, 3, 2]", q.toString());
        // an input that already has the unit axis is expanded as it is
        assertEquals("expand [3, 5, 4]", plan(Operation.REPEAT, "h 1 w -> h c w", new long[] {3, 1, 4},
                Map.of("c", 5L)).toString());
    }

    @Test
    void unitAxesAndRankZero() {
        ExecutionPlan p = plan(Operation.REARRANGE, " -> 1 ()", new long[0]);
        assertEquals(List.of(new PlanStep.Reshape(SymbolicShape.known(1, 1))), p.steps());
        assertArrayEquals(new long[] {1, 1}, p.outputShape());
    }

    @Test
    void lengthsAreSolvedAndChecked() {
        assertArrayEquals(new long[] {3, 4, 2},
                plan(Operation.REARRANGE, "(h w) c -> h w c", new long[] {12, 2}, Map.of("h", 3L)).outputShape());
        String reason = assertThrows(EinopsException.class,
                () -> plan(Operation.REARRANGE, "(h w) c -> h w c", new long[] {12, 2}, Map.of("h", 5L))).reason();
        assertTrue(reason.startsWith("Shape mismatch, can't divide axis of length 12 in chunks of 5"), reason);
        reason = assertThrows(EinopsException.class,
                () -> plan(Operation.REARRANGE, "(h w) c -> h w c", new long[] {6, 2}, Map.of("h", 0L))).reason();
        assertTrue(reason.contains("other axes have length 0"), reason);
        reason = assertThrows(EinopsException.class,
                () -> plan(Operation.REPEAT, "h -> h c", new long[] {6}, Map.of("c", -2L))).reason();
        assertTrue(reason.contains("must be non-negative, got -2"), reason);
        reason = assertThrows(EinopsException.class,
                () -> plan(Operation.REARRANGE, "h c -> c h", new long[] {6, 2}, Map.of("c", 3L))).reason();
        assertTrue(reason.startsWith("Shape mismatch, 2 != 3"), reason);
    }

    @Test
    void lengthsKnownOnlyAtRunTimeBecomeSymbolic() {
        ExecutionPlan flat = plan(Operation.REARRANGE, "b c h w -> b (c h w)", new long[] {-1, 3, 4, 5});
        assertEquals("reshape [d0.0, 60]", flat.toString());
        assertArrayEquals(new long[] {-1, 60}, lastReshape(flat).lengths());
        ExecutionPlan split = plan(Operation.REARRANGE, "(b1 b2) c -> b1 b2 c", new long[] {-1, 3}, Map.of("b1", 2L));
        assertArrayEquals(new long[] {2, -1, 3}, split.outputShape());
        assertEquals("[2, d0.0 / 2, 3]", lastReshape(split).toString());
        ExecutionPlan two = plan(Operation.REARRANGE, "b t (c d) -> (d b) t c", new long[] {-1, -1, 6}, Map.of("d", 2L));
        assertEquals("[d0.0 * 2, d0.1, 3]", lastReshape(two).toString());
        assertEquals("permute [1, 0]", plan(Operation.REARRANGE, "b c -> c b", new long[] {-1, 3}).toString(),
                "no reshape, nothing symbolic");
    }

    private static SymbolicShape lastReshape(ExecutionPlan plan) {
        return ((PlanStep.Reshape) plan.steps().get(plan.steps().size() - 1)).target();
    }

    @Test
    void plansAreSerializableValues() {
        ExecutionPlan p = plan(Operation.REDUCE, "b c (h 2) (w 2) -> b c h w", TUTORIAL);
        ExecutionPlan q = new PlanCache(64, 64).plan(Operation.REDUCE, "b c (h 2) (w 2) -> b c h w", List.of(),
                new long[0], TUTORIAL);
        assertNotSame(p, q);
        assertEquals(p, q);
        assertEquals(p.hashCode(), q.hashCode());
        assertEquals(p, dev.einops.testkit.Serialization.roundTrip(p));
        assertEquals(new PlanStep.Reduce(AxisIndices.of(1, 3), SymbolicShape.known(16000, 100)), p.steps().get(1));
        assertTrue(p.reduces());
    }

    @Test
    void symbolicDimsMultiplyAndCancel() {
        SymbolicDim b = SymbolicDim.ofInput(0, 0).dividedBy(4);
        assertEquals("d0.0 / 2", b.times(SymbolicDim.of(2)).toString());
        assertEquals(SymbolicDim.ofInput(0, 0), b.times(SymbolicDim.of(4)));
        assertEquals(12, SymbolicDim.of(3).times(SymbolicDim.of(4)).value());
        assertTrue(SymbolicDim.of(1).isOne());
        assertEquals(-1, b.orUnknown());
    }
}
