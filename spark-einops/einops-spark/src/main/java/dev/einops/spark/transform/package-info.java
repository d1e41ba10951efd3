/**
 * Per-row einops steps, compiled on the driver: {@link BatchPattern} takes the row axis out of a
 * DataFrame verb's pattern and says where it goes ({@link RowAxisKind}); {@link RowTransform} is
 * one rearrange, reduce or repeat of one row's tensor, and {@link TensorChain} consecutive ones on
 * one column, immutable and serializable values that travel with the query plan. Not for users:
 * the expressions and the block operator build and run them.
 */
package dev.einops.spark.transform;
