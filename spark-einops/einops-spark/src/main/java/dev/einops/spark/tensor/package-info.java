/**
 * Tensor columns: how a DataFrame column holds one tensor per row ({@link TensorEncoding}), what
 * analysis knows of such a column ({@link TensorColumnType}), its element types and their Spark
 * SQL types ({@link SparkElementTypes}), reading one row's tensor ({@link TensorReader}) and
 * writing one in Spark's binary format ({@link UnsafeLayout}). Users name an encoding when they make a
 * column; the rest serves the expressions and the block operator.
 */
package dev.einops.spark.tensor;
