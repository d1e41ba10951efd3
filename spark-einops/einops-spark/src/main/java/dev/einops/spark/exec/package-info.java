/**
 * Running einops steps on executors: {@link BlockPass} is the one fill / evaluate / emit loop over
 * a partition's rows ({@link BlockEvaluator} for per-row steps, {@link ExplodeEvaluator} for an
 * explode), {@link ChainRunner} runs a {@link dev.einops.spark.transform.TensorChain} on each block
 * through the ND4J backend, one engine call per block and shape, and {@link UnsafeLayoutWriter}
 * writes the results in Spark's binary format; {@link RowFallback} evaluates one row where the block
 * operator does not run; {@link ReduceAccumulator} and {@link StackAccumulator} are the aggregates'
 * buffers. {@link RowErrors} words every error about a column's rows; {@link BlockSettings} and
 * {@link BlockMetrics} are the operator's configuration and its SQL metrics. Not for users: the
 * block operator uses it.
 */
package dev.einops.spark.exec;
