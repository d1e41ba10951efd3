package dev.einops.spark.catalyst

import dev.einops.spark.EinopsConf
import dev.einops.spark.tensor.TensorColumnType
import dev.einops.spark.transform.NamedAxes
import dev.einops.types.EinopsException

import org.apache.spark.sql.catalyst.analysis.TypeCheckResult

/**
 * The analysis-time check of a pattern's input side against the column's `dim_names`
 * ([[NamedAxes]]), unless `spark.einops.dimNames.check` is `false` in the session that analyses the
 * query.
 */
private[catalyst] object DimNamesCheck {
  /** @param rowPattern the pattern of one row's tensor, whose input side is checked; @param pattern as the user wrote it */
  def apply(input: TensorColumnType, rowPattern: String, pattern: String, column: String): TypeCheckResult =
    if (!EinopsConf.DIM_NAMES_CHECK_ENTRY.read(EinopsConf.planning())) {
      TypeCheckResult.TypeCheckSuccess
    } else {
      try {
        NamedAxes.check(input, NamedAxes.inputAxes(rowPattern), pattern, column)
        TypeCheckResult.TypeCheckSuccess
      } catch {
        case e: EinopsException => TypeCheckResult.TypeCheckFailure(e.getMessage)
      }
    }

  /** `child` as `explain` shows an einops expression's input: with its axes' names where the column has them. */
  def shown(child: org.apache.spark.sql.catalyst.expressions.Expression, input: => TensorColumnType): String = {
    val names = if (!child.resolved) None else {
      try Some(input.dimNames()).filter(!_.isEmpty) catch { case _: EinopsException => None }
    }
    names.map(n => s"$child [${String.join(" ", n)}]").getOrElse(child.toString)
  }
}
