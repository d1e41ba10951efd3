package dev.einops.internal.recipe;

import dev.einops.spi.SymbolicDim;
import java.util.Arrays;
import java.util.List;

/**
 * The two caches of the reference: compiled recipes per (operation, pattern, axis-length names,
 * input rank), and concrete plans per (that key, input shape, axis-length values). A call with a
 * pattern and shape seen before costs one hash lookup.
 *
 * <pre>{@code
 * ExecutionPlan p = PlanCache.shared().plan(Operation.REDUCE, "b c (h 2) (w 2) -> b c h w",
 *         List.of(), new long[0], new long[] {10, 32, 100, 200});
 * p.toString();     // reshape [16000, 2, 100, 2] -> reduce [1, 3] -> reshape [10, 32, 50, 100]
 * }</pre>
 *
 * <p>Thread-safe. Both caches are bounded; see {@link BoundedCache}.
 */
public final class PlanCache {
    private static final PlanCache SHARED = new PlanCache(1024, 8192);

    private final BoundedCache<RecipeKey, TransformRecipe> recipes;
    private final BoundedCache<PlanKey, ExecutionPlan> plans;
    private final BoundedCache<EinsumKey, EinsumPlan> einsums;

    public PlanCache(int recipeCapacity, int planCapacity) {
        this.recipes = new BoundedCache<>(recipeCapacity);
        this.plans = new BoundedCache<>(planCapacity);
        this.einsums = new BoundedCache<>(planCapacity);
    }

    /** The process-wide cache used by {@code Einops}. */
    public static PlanCache shared() {
        return SHARED;
    }

    /** The compiled recipe; see {@link RecipeCompiler#compile}. */
    public TransformRecipe recipe(Operation operation, String pattern, List<String> axisNames, int inputRank) {
        return recipes.get(new RecipeKey(operation, pattern, List.copyOf(axisNames), inputRank),
                key -> RecipeCompiler.compile(key.operation(), key.pattern(), key.axisNames(), key.inputRank()));
    }

    /**
     * The plan for an input of {@code inputShape}, with axis lengths {@code axisValues} named
     * {@code axisNames} (same order).
     *
     * @throws dev.einops.types.EinopsException when the pattern, the names or the shape are rejected
     */
    public ExecutionPlan plan(Operation operation, String pattern, List<String> axisNames, long[] axisValues,
                              long[] inputShape) {
        return plan(operation, pattern, axisNames, axisValues, inputShape, false);
    }

    /**
     * {@link #plan(Operation, String, List, long[], long[])}, with the fewest steps when
     * {@code fewestSteps} (for a backend whose every step copies, see {@link PlanBuilder#build}).
     */
    public ExecutionPlan plan(Operation operation, String pattern, List<String> axisNames, long[] axisValues,
                              long[] inputShape, boolean fewestSteps) {
        RecipeKey recipeKey = new RecipeKey(operation, pattern, List.copyOf(axisNames), inputShape.length);
        return plans.get(new PlanKey(recipeKey, inputShape.clone(), axisValues.clone(), fewestSteps), key -> {
            TransformRecipe recipe = recipe(operation, pattern, axisNames, inputShape.length);
            SymbolicDim[] lengths = ShapeSolver.solve(recipe, key.inputShape, key.axisValues);
            return PlanBuilder.build(recipe, lengths, key.inputShape, key.fewestSteps);
        });
    }

    /** The einsum plan for operands of {@code shapes}; see {@link EinsumCompiler#compile}. */
    public EinsumPlan einsum(String pattern, List<long[]> shapes) {
        return einsums.get(new EinsumKey(pattern, shapes.stream().map(long[]::clone).toArray(long[][]::new)),
                key -> EinsumCompiler.compile(key.pattern, List.of(key.shapes)));
    }

    /** Number of cached recipes and plans, for tests and monitoring. */
    public int[] sizes() {
        return new int[] {recipes.size(), plans.size()};
    }

    /** Drops every cached recipe and plan. */
    public void clear() {
        recipes.clear();
        plans.clear();
        einsums.clear();
    }

    private record RecipeKey(Operation operation, String pattern, List<String> axisNames, int inputRank) {
    }

    private static final class PlanKey {
        final RecipeKey recipe;
        final long[] inputShape;
        final long[] axisValues;
        final boolean fewestSteps;
        final int hash;

        PlanKey(RecipeKey recipe, long[] inputShape, long[] axisValues, boolean fewestSteps) {
            this.recipe = recipe;
            this.inputShape = inputShape;
            this.axisValues = axisValues;
            this.fewestSteps = fewestSteps;
            this.hash = 2 * (31 * (31 * recipe.hashCode() + Arrays.hashCode(inputShape)) + Arrays.hashCode(axisValues))
                    + (fewestSteps ? 1 : 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PlanKey other && hash == other.hash && recipe.equals(other.recipe)
                    && Arrays.equals(inputShape, other.inputShape) && Arrays.equals(axisValues, other.axisValues)
                    && fewestSteps == other.fewestSteps;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final class EinsumKey {
        final String pattern;
        final long[][] shapes;
        final int hash;

        EinsumKey(String pattern, long[][] shapes) {
            this.pattern = pattern;
            this.shapes = shapes;
            this.hash = 31 * pattern.hashCode() + Arrays.deepHashCode(shapes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EinsumKey other && hash == other.hash && pattern.equals(other.pattern)
                    && Arrays.deepEquals(shapes, other.shapes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
