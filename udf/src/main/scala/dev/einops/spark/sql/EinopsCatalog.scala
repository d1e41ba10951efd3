package dev.einops.spark.sql

import dev.einops.spark.catalyst.{EinopsFunction, EinopsRegistry}

/**
 * The einops SQL functions as Spark registers them: every function of einops-spark's
 * [[EinopsRegistry]] (name, description for `DESCRIBE FUNCTION`, builder), which this module only
 * registers, through [[EinopsSparkSessionExtensions]] or [[EinopsFunctions.register]].
 */
object EinopsCatalog {
  /** Every function, with its SQL builder. */
  val functions: Seq[EinopsFunction] = EinopsRegistry.functions
}
