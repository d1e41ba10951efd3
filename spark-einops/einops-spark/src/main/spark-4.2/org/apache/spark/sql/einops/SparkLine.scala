package org.apache.spark.sql.einops

import org.apache.spark.sql.catalyst.FunctionIdentifier
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry

/**
 * What einops needs of Spark's internals that differs between Spark lines; this copy serves Spark 4.2
 * (`src/main/spark-4.0-4.1` holds the earlier lines'). The build compiles the copy of the line it
 * builds for (the `spark-4.x` profiles); in Spark's package, as [[SparkInternals]], for the API Spark
 * keeps private.
 */
object SparkLine {
  /**
   * The key of function `name` in a session's function registry: from 4.2 on, registries hold only
   * qualified identifiers (`system.builtin.name`), as `SparkSessionExtensions.injectFunction` makes
   * them for an extension's functions.
   */
  def functionRegistryKey(name: String): FunctionIdentifier = FunctionRegistry.builtinFunctionIdentifier(name)
}
