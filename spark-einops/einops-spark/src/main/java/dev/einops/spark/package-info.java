/**
 * einops on Spark: {@link SparkEinops} has the DataFrame verbs, whose pattern starts with the row
 * axis ({@code b c h w -> b h w c}), and moves tensors between ND4J arrays on the driver and
 * DataFrame rows; {@link functions} has the column functions, whose pattern describes one row's
 * tensor; {@link ErrorMode} is what a query does with a malformed row
 * ({@code spark.einops.mode}). The Scala implicits and the session extension
 * ({@code EinopsExtensions}) live beside them in Scala. For users of Spark; the subpackages are the
 * machinery behind these calls.
 */
package dev.einops.spark;
