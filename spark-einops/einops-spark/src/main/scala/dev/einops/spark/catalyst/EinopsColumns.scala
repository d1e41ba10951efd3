package dev.einops.spark.catalyst

import dev.einops.spark.{EinopsConf, ErrorMode}
import dev.einops.spark.exec.BlockSettings
import dev.einops.spark.transform.{BatchTransform, BlockStep, ExplodeTransform}

import org.apache.spark.sql.Column
import org.apache.spark.sql.catalyst.expressions.Expression
import org.apache.spark.sql.classic.ColumnConversions
import org.apache.spark.sql.einops.SparkInternals

/** Builds the Columns of einops expressions for the Java API, installing the block strategy in the active session. */
object EinopsColumns {
  /** `input` transformed by `transform`, with the active session's `spark.einops.mode`. */
  def transform(input: Column, transform: BlockStep): Column =
    SparkInternals.column(EinopsTransform(ColumnConversions.expression(input), transform, currentMode()))

  /** The active session's `spark.einops.mode`, installing the block strategy in it. */
  def currentMode(): ErrorMode = EinopsSession.active().map(s => EinopsConf.mode(s.conf)).getOrElse(ErrorMode.FAILFAST)

  /** A reduction across the rows of `input` (or of each group), as an aggregate column. */
  def reduceAgg(input: Column, transform: BatchTransform): Column =
    SparkInternals.column(reduceAgg(ColumnConversions.expression(input), transform))

  /** A reduction across the rows of `input`, with the active session's settings. */
  def reduceAgg(input: Expression, transform: BatchTransform): EinopsReduceAgg = {
    val mode = currentMode()
    val settings = EinopsSession.active().map(s => EinopsConf.aggregateSettings(s.conf))
      .getOrElse(new BlockSettings(BlockSettings.DEFAULT_ROWS, 4L << 20))
    EinopsReduceAgg(input, transform, mode, settings, malformedCounter(mode))
  }

  /** The rows of `input` (or of each group) stacked in the order of `order`, as an aggregate column. */
  def stackAgg(input: Column, transform: BatchTransform, order: Column): Column =
    SparkInternals.column(stackAgg(ColumnConversions.expression(input), transform,
      ColumnConversions.expression(order)))

  /** The rows of `input` stacked in the order of `order`, with the active session's settings. */
  def stackAgg(input: Expression, transform: BatchTransform, order: Expression): EinopsStackAgg = {
    val mode = currentMode()
    val maxBytes = EinopsSession.active().map(s => EinopsConf.stackMaxBytes(s.conf)).getOrElse(256L << 20)
    EinopsStackAgg(input, order, transform, mode, maxBytes, malformedCounter(mode))
  }

  /** Where a PERMISSIVE aggregate counts the rows it leaves out: a named accumulator, shown in the Spark UI. */
  private def malformedCounter(mode: ErrorMode): Option[org.apache.spark.util.LongAccumulator] =
    if (mode == ErrorMode.PERMISSIVE) {
      EinopsSession.active().map(_.sparkContext.longAccumulator("einops malformed rows"))
    } else None

  /** The rows each row's tensor in `input` explodes into, as a generator column. */
  def explode(input: Column, transform: ExplodeTransform, indices: Boolean): Column =
    SparkInternals.column(EinopsExplode(ColumnConversions.expression(input), transform, currentMode(), indices))

  /** `parse_shape` of each row's tensor in `input`. */
  def parseShape(input: Column, pattern: String): Column = {
    EinopsSession.active()
    SparkInternals.column(EinopsParseShape(ColumnConversions.expression(input), pattern))
  }

  /** `input` with each row's shape asserted against `pattern` and `lengths`. */
  def checkShape(input: Column, pattern: String, lengths: java.util.Map[String, java.lang.Long]): Column =
    SparkInternals.column(checkShape(ColumnConversions.expression(input), pattern, lengths))

  /** The shape assertion on `input`, installing the block strategy in the active session. */
  def checkShape(input: Expression, pattern: String, lengths: java.util.Map[String, java.lang.Long]): EinopsCheckShape = {
    EinopsSession.active()
    EinopsCheckShape(input, pattern, java.util.Map.copyOf(lengths))
  }

  /** The shape of each row's tensor in `input`, as `array<int>`. */
  def shape(input: Column): Column = SparkInternals.column(TensorShape(ColumnConversions.expression(input)))
}
