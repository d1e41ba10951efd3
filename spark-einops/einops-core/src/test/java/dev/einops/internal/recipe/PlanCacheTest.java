package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import dev.einops.testkit.Serialization;
import org.junit.jupiter.api.Test;

class PlanCacheTest {
    @Test
    void repeatedCallsHitTheCache() {
        PlanCache cache = new PlanCache(16, 16);
        ExecutionPlan a = cache.plan(Operation.REARRANGE, "a b -> b a", List.of(), new long[0], new long[] {2, 3});
        ExecutionPlan b = cache.plan(Operation.REARRANGE, "a b -> b a", List.of(), new long[0], new long[] {2, 3});
        assertSame(a, b);
        assertArrayEquals(new int[] {1, 1}, cache.sizes());
        cache.plan(Operation.REARRANGE, "a b -> b a", List.of(), new long[0], new long[] {4, 3});
        assertArrayEquals(new int[] {1, 2}, cache.sizes(), "one recipe serves both shapes");
    }

    @Test
    void failuresAreNotCached() {
        PlanCache cache = new PlanCache(16, 16);
        assertEquals("Identifiers only on one side of expression (should be on both): {a}", assertThrows(EinopsException.class,
                () -> cache.plan(Operation.REARRANGE, "a b -> b", List.of(), new long[0], new long[] {2, 3})).reason());
        assertArrayEquals(new int[] {0, 0}, cache.sizes());
    }

    @Test
    void cachesStayBounded() {
        PlanCache cache = new PlanCache(8, 8);
        for (int n = 1; n <= 100; n++) {
            cache.plan(Operation.REARRANGE, "a b -> b a", List.of(), new long[0], new long[] {n, 2});
            cache.plan(Operation.REARRANGE, "a" + n + " b -> b a" + n, List.of(), new long[0], new long[] {1, 2});
        }
        assertTrue(cache.sizes()[0] <= 8 && cache.sizes()[1] <= 8, () -> java.util.Arrays.toString(cache.sizes()));
    }

    @Test
    void concurrentCallsAgreeWithSequentialOnes() throws Exception {
        PlanCache shared = new PlanCache(16, 64);
        String[] patterns = {"a b c -> c b a", "a (b c) -> (c a) b", "a b c -> a (b c)", "(a b) c -> b c a"};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    StringBuilder mismatches = new StringBuilder();
                    for (int i = 0; i < 3000; i++) {
                        String pattern = patterns[(i + seed) % patterns.length];
                        long n = 1 + (i * 7L + seed) % 40;
                        long[] shape = pattern.startsWith("a (b c)") ? new long[] {n, 6}
                                : pattern.startsWith("(a b)") ? new long[] {2 * n, 3} : new long[] {n, 2, 3};
                        List<String> names = pattern.contains("(") ? List.of("b") : List.of();
                        long[] values = names.isEmpty() ? new long[0] : new long[] {pattern.startsWith("(a b)") ? n : 2};
                        ExecutionPlan got = shared.plan(Operation.REARRANGE, pattern, names, values, shape);
                        ExecutionPlan want = new PlanCache(4, 4).plan(Operation.REARRANGE, pattern, names, values, shape);
                        if (!got.toString().equals(want.toString())
                                || !java.util.Arrays.equals(got.outputShape(), want.outputShape())) {
                            mismatches.append(pattern).append(' ');
                        }
                    }
                    return mismatches.toString();
                }));
            }
            for (Future<String> f : futures) {
                assertEquals("", f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recipesAndPlansSurviveSerialization() throws Exception {
        PlanCache cache = new PlanCache(16, 16);
        TransformRecipe recipe = cache.recipe(Operation.REDUCE, "b (h 2) -> b h", List.of(), 2);
        ExecutionPlan plan = cache.plan(Operation.REDUCE, "b (h 2) -> b h", List.of(), new long[0], new long[] {3, 8});
        TransformRecipe recipeCopy = Serialization.roundTrip(recipe);
        ExecutionPlan planCopy = Serialization.roundTrip(plan);
        assertEquals(recipe.axisNames(), recipeCopy.axisNames());
        assertArrayEquals(recipe.outputOrder(), recipeCopy.outputOrder());
        assertEquals(plan.toString(), planCopy.toString());
        assertArrayEquals(plan.outputShape(), planCopy.outputShape());
    }
}
