/**
 * Tensor columns that other tools wrote and read: Arrow's canonical tensor extension types
 * ({@code arrow.fixed_shape_tensor}, {@code arrow.variable_shape_tensor}) in Parquet files, where
 * the footer's {@code ARROW:schema} carries them ({@code TensorFiles}, {@code ArrowSchemaKey},
 * {@code TensorParquetFormat}), and in Arrow IPC files ({@code ArrowIpcFiles}); the types themselves
 * are {@code CanonicalTensor}. Users reach them through {@code SparkEinops.readTensors} and
 * {@code SparkEinops.writeTensors}.
 */
package dev.einops.spark.arrow;
