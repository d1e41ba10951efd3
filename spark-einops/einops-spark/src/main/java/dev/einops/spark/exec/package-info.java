/**
 * Running einops steps on executors: {@link BlockEvaluator} gathers a partition's rows into blocks
 * and {@link ChainRunner} runs a {@link dev.einops.spark.transform.TensorChain} on each block
 * through the ND4J backend, one engine call per block; {@link RowFallback} evaluates one row where
 * the block operator does not run. {@link BlockSettings} and {@link BlockMetrics} are its
 * configuration ({@code spark.einops.block.*}, {@code spark.einops.kernel.threads}) and its SQL
 * metrics. Not for users: the block operator uses it.
 */
package dev.einops.spark.exec;
