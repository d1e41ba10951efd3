package org.apache.spark.sql.einops

import org.apache.spark.sql.catalyst.FunctionIdentifier

/**
 * What einops needs of Spark's internals that differs between Spark lines; this copy serves Spark 4.0
 * and 4.1 (`src/main/spark-4.2` holds 4.2's). The build compiles the copy of the line it builds for
 * (the `spark-4.x` profiles); in Spark's package, as [[SparkInternals]], for the API Spark keeps private.
 */
object SparkLine {
  /** The key of function `name` in a session's function registry: the bare name on 4.0 and 4.1. */
  def functionRegistryKey(name: String): FunctionIdentifier = FunctionIdentifier(name)
}
