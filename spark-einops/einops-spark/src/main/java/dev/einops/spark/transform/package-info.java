/**
 * einops steps on tensor columns, compiled on the driver: {@link CompiledCall} is one call parsed
 * and checked once (its {@link RowAxisKind}, found by {@link BatchPattern}, its per-row and block
 * patterns, lengths and reduction); {@link RowTransform}, {@link ExplodeTransform} and
 * {@link BatchTransform} run it per row, exploding rows, or across rows; {@link TensorChain} is
 * consecutive per-row steps on one column. Immutable and serializable values that travel with the
 * query plan. Not for users: the expressions and the block operator build and run them.
 */
package dev.einops.spark.transform;
