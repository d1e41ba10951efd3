package dev.einops.spark

import org.apache.spark.sql.{DataFrame, RelationalGroupedDataset}

import scala.jdk.CollectionConverters._

/**
 * The DataFrame verbs of [[SparkEinops]] as methods on a DataFrame and on grouped data:
 *
 * {{{
 *   import dev.einops.spark.implicits._
 *
 *   images.einRearrange("image", "b c h w -> b h w c")                         // per row, in place
 *   images.einReduce("image", "b c (h 2) (w 2) -> b c h w", "max")
 *   images.einRearrange("image", "b c (h p) (w q) -> (b h w) c p q", Map("p" -> 8L, "q" -> 8L))  // patches
 *   images.einReduce("image", "b c h w -> c", "mean")                          // one row: across rows
 *   images.groupBy("label").einReduce("image", "b c h w -> c", "mean")         // one row per label
 *   frames.groupBy("video").einRearrange("frame", "t c h w -> c t h w", orderBy = "t")   // a clip per video
 * }}}
 *
 * As with [[SparkEinops]], the pattern starts with the row axis, and where it goes decides how the
 * call runs.
 */
object implicits {
  implicit class EinopsDataFrame(private val df: DataFrame) extends AnyVal {
    /**
     * [[SparkEinops.rearrange]] on this DataFrame; `orderBy` names the order column of a pattern
     * that stacks rows, and `indexColumns` adds the exploded axes' indices of one that explodes them.
     */
    def einRearrange(column: String, pattern: String, axesLengths: Map[String, Long] = Map.empty,
                     orderBy: String = null, indexColumns: Boolean = false): DataFrame =
      if (orderBy != null) SparkEinops.rearrange(df, column, pattern, lengths(axesLengths), orderBy)
      else SparkEinops.rearrange(df, column, pattern, lengths(axesLengths), indexColumns)

    /** [[SparkEinops.reduce]] on this DataFrame. */
    def einReduce(column: String, pattern: String, reduction: String,
                  axesLengths: Map[String, Long] = Map.empty): DataFrame =
      SparkEinops.reduce(df, column, pattern, reduction, lengths(axesLengths))

    /** [[SparkEinops.repeat]] on this DataFrame. */
    def einRepeat(column: String, pattern: String, axesLengths: Map[String, Long] = Map.empty): DataFrame =
      SparkEinops.repeat(df, column, pattern, lengths(axesLengths))
  }

  implicit class EinopsGroupedData(private val grouped: RelationalGroupedDataset) extends AnyVal {
    /** [[SparkEinops.rearrange]]: one stack per group, its rows ordered by `orderBy`. */
    def einRearrange(column: String, pattern: String, orderBy: String,
                     axesLengths: Map[String, Long] = Map.empty): DataFrame =
      SparkEinops.rearrange(grouped, column, pattern, lengths(axesLengths), orderBy)

    /** [[SparkEinops.reduce]]: one reduction across the rows of each group. */
    def einReduce(column: String, pattern: String, reduction: String,
                  axesLengths: Map[String, Long] = Map.empty): DataFrame =
      SparkEinops.reduce(grouped, column, pattern, reduction, lengths(axesLengths))
  }

  private def lengths(axesLengths: Map[String, Long]): java.util.Map[String, java.lang.Long] =
    axesLengths.map { case (k, v) => k -> java.lang.Long.valueOf(v) }.asJava
}
