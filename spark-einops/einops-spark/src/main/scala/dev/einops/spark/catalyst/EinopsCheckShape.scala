package dev.einops.spark.catalyst

import dev.einops.internal.parse.CheckShape
import dev.einops.spark.tensor.{MalformedTensorException, TensorColumnType, TensorEncoding, TensorReader}
import dev.einops.types.EinopsException

import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.{Expression, UnaryExpression}
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback
import org.apache.spark.sql.types.DataType

/**
 * einops' shape assertion on each row's tensor: the tensor passes through unchanged if its shape
 * fits `pattern` (a `parse_shape` pattern: names, `_`, `...`, numbers) and `lengths`, and the query
 * fails with the einops message otherwise. What the column's type and metadata already tell is
 * checked at analysis; the rest on each row, reading its shape only.
 *
 * {{{
 *   Column(EinopsCheckShape(col("image").expr, "c h w", Map("c" -> 3L).asJava))
 * }}}
 */
case class EinopsCheckShape(
    child: Expression,
    pattern: String,
    lengths: java.util.Map[String, java.lang.Long],
    pinnedInput: Option[TensorColumnType] = None)
  extends UnaryExpression with CodegenFallback {

  /** The input's tensor type as analysis first saw it (see [[EinopsTransform.inputType]]). */
  def inputType: TensorColumnType = pinnedInput.getOrElse(EinopsTransform.inputType(child))

  private def failure(e: EinopsException, shape: Array[Long]): EinopsException =
    e.withContext("check_shape", pattern, Option(shape).map(java.util.Arrays.toString).orNull, lengths)

  /** The reader of each row's shape, once what analysis knows has passed the check. */
  @transient private lazy val analysis: Either[EinopsException, TensorReader] = {
    var known: Array[Long] = null
    try {
      val input = inputType
      val groups = pattern.trim.split("\\s+").count(_.nonEmpty)
      val flatAsOneAxis = input.encoding() == TensorEncoding.FLAT && groups == 1 && !pattern.contains("...")
      known = if (flatAsOneAxis) input.asOneAxis() else input.shape()
      if (known != null) CheckShape.apply(pattern, known, lengths)
      Right(TensorReader.of(input, if (flatAsOneAxis) Array(TensorColumnType.UNKNOWN) else input.shape()))
    } catch {
      case e: EinopsException => Left(failure(e, known))
    }
  }

  override def dataType: DataType = child.dataType

  override def nullable: Boolean = child.nullable

  override def checkInputDataTypes(): TypeCheckResult = analysis match {
    case Right(_) => DimNamesCheck(inputType, pattern, pattern, child.sql)
    case Left(e) => TypeCheckResult.TypeCheckFailure(e.getMessage)
  }

  override protected def nullSafeEval(value: Any): Any = {
    val reader = analysis.fold(e => throw e, identity)
    val shape = try reader.shape(value) catch {
      case e: MalformedTensorException => throw failure(new EinopsException(e.getMessage + s" (column ${child.sql})"),
        e.shape())
    }
    try CheckShape.apply(pattern, shape, lengths) catch {
      case e: EinopsException => throw failure(new EinopsException(e.reason() + s" (column ${child.sql})"), shape)
    }
    value
  }

  override def prettyName: String = "einops_check_shape"

  override def toString: String = s"$prettyName(${DimNamesCheck.shown(child, inputType)}, $pattern)"

  override def sql: String = {
    val given = if (lengths.isEmpty) "" else {
      import scala.jdk.CollectionConverters._
      lengths.asScala.map { case (k, v) => s"'$k', $v" }.mkString(", map(", ", ", ")")
    }
    s"$prettyName(${child.sql}, '$pattern'$given)"
  }

  override protected def withNewChildInternal(newChild: Expression): EinopsCheckShape = {
    val pinned = if (pinnedInput.isEmpty && child.resolved && analysis.isRight) Some(inputType) else pinnedInput
    copy(child = newChild, pinnedInput = pinned)
  }
}
