/**
 * Internal, not API: it may change in any release. From a parsed pattern to the steps that run it,
 * as in the reference's {@code einops/einops.py}: {@link RecipeCompiler} compiles a pattern for an
 * input rank into a {@link TransformRecipe}; for an input shape, {@link ShapeSolver} finds every
 * axis length and {@link PlanBuilder} makes an {@link ExecutionPlan} of at most five
 * {@link PlanStep}s. {@link EinsumCompiler} and {@link Packing} do the same for einsum, pack and
 * unpack. {@link PlanCache} holds the reference's two caches, and {@link AxesLengths} checks the
 * axis lengths that every entry point receives.
 *
 * <p>Recipes and plans are immutable, serializable values that know no tensor library: one plan
 * runs on any backend and any machine. For the engine's own modules (the calls of
 * {@code dev.einops}, einops-layers, einops-spark); uses {@link dev.einops.types}, the
 * {@link dev.einops.spi.SymbolicDim}s of the SPI, and the parser.
 */
package dev.einops.internal.recipe;
