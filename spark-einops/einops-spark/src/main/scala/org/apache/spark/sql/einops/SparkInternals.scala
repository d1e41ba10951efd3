package org.apache.spark.sql.einops

import org.apache.spark.rdd.RDD
import org.apache.spark.sql.Column
import org.apache.spark.sql.catalyst.expressions.Expression
import org.apache.spark.sql.classic.ExpressionUtils

import scala.reflect.ClassTag

/**
 * The one place where einops touches Spark's `private[spark]` API, which an extension needs but
 * Spark does not publish: making a `Column` of a Catalyst expression, mapping an RDD's partitions
 * without the closure cleaner, and Spark's own Arrow schema of a Spark schema. Kept in Spark's package for that reason alone; everything else of
 * einops is in `dev.einops.spark`.
 */
object SparkInternals {
  /** A Column that evaluates `expression`. */
  def column(expression: Expression): Column = ExpressionUtils.column(expression)

  /** The Arrow schema Spark's own Arrow conversion gives `schema` (timestamps in `timeZone`). */
  def arrowSchema(schema: org.apache.spark.sql.types.StructType, timeZone: String): org.apache.arrow.vector.types.pojo.Schema =
    org.apache.spark.sql.util.ArrowUtils.toArrowSchema(schema, timeZone, true, false)

  /** The DataFrame a grouping was made from. */
  def groupedFrame(grouped: org.apache.spark.sql.RelationalGroupedDataset): org.apache.spark.sql.DataFrame =
    grouped.asInstanceOf[org.apache.spark.sql.classic.RelationalGroupedDataset].df

  /** `rdd.mapPartitionsInternal(f)`, as Spark's own physical operators map their input. */
  def mapPartitions[T, U: ClassTag](rdd: RDD[T], f: Iterator[T] => Iterator[U]): RDD[U] =
    rdd.mapPartitionsInternal(f)
}
