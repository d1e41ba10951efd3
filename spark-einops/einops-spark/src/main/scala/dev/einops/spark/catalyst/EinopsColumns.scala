package dev.einops.spark.catalyst

import dev.einops.spark.ErrorMode
import dev.einops.spark.transform.RowTransform

import org.apache.spark.sql.Column
import org.apache.spark.sql.classic.ColumnConversions
import org.apache.spark.sql.einops.SparkInternals

/** Builds the Columns of einops expressions for the Java API, installing the block strategy in the active session. */
object EinopsColumns {
  val ModeKey = "spark.einops.mode"

  /** `input` transformed by `transform`, with the active session's `spark.einops.mode`. */
  def transform(input: Column, transform: RowTransform): Column = {
    val mode = EinopsSession.active().map(_.conf.get(ModeKey, ErrorMode.FAILFAST.name())).getOrElse("FAILFAST")
    SparkInternals.column(EinopsTransform(ColumnConversions.expression(input), transform, ErrorMode.of(mode)))
  }

  /** `parse_shape` of each row's tensor in `input`. */
  def parseShape(input: Column, pattern: String): Column = {
    EinopsSession.active()
    SparkInternals.column(EinopsParseShape(ColumnConversions.expression(input), pattern))
  }
}
