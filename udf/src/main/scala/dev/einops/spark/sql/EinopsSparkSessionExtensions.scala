package dev.einops.spark.sql

import dev.einops.spark.catalyst.PlannerInstaller

import org.apache.spark.sql.SparkSessionExtensions

/**
 * Registers einops' SQL functions and its block planner in every session built with
 * `--conf spark.sql.extensions=dev.einops.spark.sql.EinopsSparkSessionExtensions`:
 *
 * {{{
 *   spark-sql --conf spark.sql.extensions=dev.einops.spark.sql.EinopsSparkSessionExtensions
 *   > SELECT einops_rearrange(image, 'c h w -> h w c') FROM images;
 * }}}
 */
class EinopsSparkSessionExtensions extends (SparkSessionExtensions => Unit) {
  override def apply(extensions: SparkSessionExtensions): Unit = {
    EinopsCatalog.functions.foreach(f => extensions.injectFunction((f.identifier, f.info, f.sqlBuilder)))
    PlannerInstaller.inject(extensions)
  }
}

/**
 * Registers einops' SQL functions (and its block planner) in a session that already exists:
 * `EinopsFunctions.register(spark)`, from Java or Scala.
 */
object EinopsFunctions {
  /** Registers every einops SQL function in `session`; registering twice replaces them. */
  def register(session: org.apache.spark.sql.SparkSession): Unit = {
    val classic = session.asInstanceOf[org.apache.spark.sql.classic.SparkSession]
    EinopsCatalog.functions.foreach(f => classic.sessionState.functionRegistry.registerFunction(
      org.apache.spark.sql.einops.SparkLine.functionRegistryKey(f.name), f.info, f.sqlBuilder))
    PlannerInstaller.install(session)
  }

  /** The names of the functions, as `SHOW FUNCTIONS` lists them. */
  def names: java.util.List[String] = {
    import scala.jdk.CollectionConverters._
    EinopsCatalog.functions.map(_.name).asJava
  }
}
