package dev.einops.spark

import org.apache.spark.sql.DataFrame

import scala.jdk.CollectionConverters._

/**
 * The DataFrame verbs of [[SparkEinops]] as methods on a DataFrame:
 *
 * {{{
 *   import dev.einops.spark.implicits._
 *
 *   images.einRearrange("image", "b c h w -> b h w c")
 *   images.einReduce("image", "b c (h 2) (w 2) -> b c h w", "max")
 *   images.einRepeat("image", "b c h w -> b c (h 2) (w 2)")
 *   flat.einRearrange("pixels", "b (c h w) -> b h w c", Map("c" -> 3, "h" -> 64))
 * }}}
 *
 * As with [[SparkEinops]], the pattern starts with the row axis and the result replaces the column.
 */
object implicits {
  implicit class EinopsDataFrame(private val df: DataFrame) extends AnyVal {
    /** [[SparkEinops.rearrange]] on this DataFrame. */
    def einRearrange(column: String, pattern: String, axesLengths: Map[String, Long] = Map.empty): DataFrame =
      SparkEinops.rearrange(df, column, pattern, lengths(axesLengths))

    /** [[SparkEinops.reduce]] on this DataFrame. */
    def einReduce(column: String, pattern: String, reduction: String,
                  axesLengths: Map[String, Long] = Map.empty): DataFrame =
      SparkEinops.reduce(df, column, pattern, reduction, lengths(axesLengths))

    /** [[SparkEinops.repeat]] on this DataFrame. */
    def einRepeat(column: String, pattern: String, axesLengths: Map[String, Long] = Map.empty): DataFrame =
      SparkEinops.repeat(df, column, pattern, lengths(axesLengths))
  }

  private def lengths(axesLengths: Map[String, Long]): java.util.Map[String, java.lang.Long] =
    axesLengths.map { case (k, v) => k -> java.lang.Long.valueOf(v) }.asJava
}
