/**
 * Internal, not API: it may change in any release. Runs plans on tensors through a
 * {@link dev.einops.spi.Backend}, one backend call per step: {@link PlanExecutor} for rearrange,
 * reduce and repeat, {@link EinsumExecutor} for einsum. Every intermediate the engine allocates is
 * released as soon as nothing needs it; the caller's tensors never are.
 *
 * <p>For the engine's own modules: the calls of {@code dev.einops}, and einops-spark, which runs
 * plans on blocks of rows. Uses {@link dev.einops.types}, {@link dev.einops.spi} and the plans of
 * {@link dev.einops.internal.recipe}.
 */
package dev.einops.internal.exec;
