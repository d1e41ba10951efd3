package dev.einops.spark.catalyst

import dev.einops.spark.{EinopsConf, ErrorMode}
import dev.einops.spark.transform.{BatchTransform, BlockStep, ExplodeTransform}

import org.apache.spark.sql.Column
import org.apache.spark.sql.catalyst.expressions.{CreateMap, Expression, Literal}
import org.apache.spark.sql.classic.ColumnConversions
import org.apache.spark.sql.einops.SparkInternals

import scala.jdk.CollectionConverters._

/**
 * Makes einops' expressions and columns. Without side effects: it installs no planner, and reads
 * only the settings an expression keeps, from the SQL configuration of the query being defined
 * (`spark.einops.mode`, and an aggregate's block sizes).
 */
object EinopsColumns {
  /**
   * The column of the function `name` of [[EinopsRegistry]], built as SQL builds it: columns as they
   * are, other arguments as literals, then the axis lengths as a `map(...)` when there are any.
   *
   * @throws dev.einops.types.EinopsException at once if the call is rejected
   */
  def column(name: String, axesLengths: java.util.Map[String, _ <: Number], arguments: Array[AnyRef]): Column = {
    val lengths = Option(axesLengths).map(_.asScala.toSeq).getOrElse(Nil)
    val args = arguments.toSeq.map {
      case c: Column => ColumnConversions.expression(c)
      case other => Literal(other)
    } ++ (if (lengths.isEmpty) Nil else Seq(CreateMap(lengths.flatMap { case (k, v) =>
      Seq(Literal(k), Literal(v.longValue()))
    })))
    SparkInternals.column(EinopsRegistry(name).expression(args))
  }

  /** `input` transformed by `step`, with the configuration's `spark.einops.mode`. */
  def transform(input: Column, step: BlockStep): Column =
    SparkInternals.column(transform(ColumnConversions.expression(input), step))

  /** `input` transformed by `step`, with the configuration's `spark.einops.mode`. */
  def transform(input: Expression, step: BlockStep): EinopsTransform = EinopsTransform(input, step, mode())

  /** The configuration's `spark.einops.mode`. */
  def mode(): ErrorMode = EinopsConf.MODE_ENTRY.read(EinopsConf.planning())

  /** A reduction across the rows of `input` (or of each group), as an aggregate column. */
  def reduceAgg(input: Column, transform: BatchTransform): Column =
    SparkInternals.column(reduceAgg(ColumnConversions.expression(input), transform))

  /** A reduction across the rows of `input`, with the configuration's settings. */
  def reduceAgg(input: Expression, transform: BatchTransform): EinopsReduceAgg = {
    val m = mode()
    EinopsReduceAgg(input, transform, m, EinopsConf.aggregateSettings(EinopsConf.planning()), malformedCounter(m))
  }

  /** The rows of `input` (or of each group) stacked in the order of `order`, as an aggregate column. */
  def stackAgg(input: Column, transform: BatchTransform, order: Column): Column =
    SparkInternals.column(stackAgg(ColumnConversions.expression(input), transform,
      ColumnConversions.expression(order)))

  /** The rows of `input` stacked in the order of `order`, with the configuration's settings. */
  def stackAgg(input: Expression, transform: BatchTransform, order: Expression): EinopsStackAgg = {
    val m = mode()
    EinopsStackAgg(input, order, transform, m, EinopsConf.STACK_MAX_BYTES_ENTRY.read(EinopsConf.planning()),
      malformedCounter(m))
  }

  /**
   * Where a PERMISSIVE aggregate counts the rows it leaves out: a named accumulator, shown in the
   * Spark UI (an aggregate runs inside Spark's own operator, which has no metric of einops').
   */
  private def malformedCounter(mode: ErrorMode): Option[org.apache.spark.util.LongAccumulator] =
    if (mode == ErrorMode.PERMISSIVE) {
      org.apache.spark.sql.SparkSession.getActiveSession.map(_.sparkContext.longAccumulator("einops malformed rows"))
    } else None

  /** The rows each row's tensor in `input` explodes into, as a generator column. */
  def explode(input: Column, transform: ExplodeTransform, indices: Boolean): Column =
    SparkInternals.column(explode(ColumnConversions.expression(input), transform, indices))

  /** The rows each row's tensor in `input` explodes into, as a generator. */
  def explode(input: Expression, transform: ExplodeTransform, indices: Boolean): EinopsExplode =
    EinopsExplode(input, transform, mode(), indices)
}
