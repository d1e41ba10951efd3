package dev.einops.spark

import dev.einops.spark.catalyst.PlannerInstaller

import org.apache.spark.sql.SparkSessionExtensions

/**
 * Installs einops' block planner when a session is built:
 * `--conf spark.sql.extensions=dev.einops.spark.EinopsExtensions`, or
 * `SparkSession.builder().withExtensions(new EinopsExtensions())`. The DataFrame API installs it
 * on first use anyway; the SQL functions' extensions (`dev.einops.spark.sql.EinopsSparkSessionExtensions`)
 * include it.
 */
class EinopsExtensions extends (SparkSessionExtensions => Unit) {
  override def apply(extensions: SparkSessionExtensions): Unit = PlannerInstaller.inject(extensions)
}
