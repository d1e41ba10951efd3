package dev.einops.spark.catalyst

import dev.einops.spark.ErrorMode
import dev.einops.spark.exec.RowErrors
import dev.einops.spark.tensor.{MalformedTensorException, TensorColumnType, TensorReader}
import dev.einops.types.EinopsException

import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.{Expression, UnaryExpression}
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback
import org.apache.spark.sql.catalyst.util.ArrayData
import org.apache.spark.sql.types.{ArrayType, DataType, IntegerType}

/**
 * The shape of each row's tensor, in any encoding, as `array<int>`: the nesting of nested arrays,
 * the struct's shape field, a flat array's recorded shape (or its length), a Vector's size. A row
 * is checked as the other functions check it (ragged nesting, null arrays): a malformed row fails
 * the query in FAILFAST and gives NULL in PERMISSIVE.
 *
 * @param mode what a malformed row gives, fixed when the call is defined
 */
case class TensorShape(
    child: Expression,
    pinnedInput: Option[TensorColumnType] = None,
    mode: ErrorMode = ErrorMode.FAILFAST,
    pinnedName: Option[String] = None)
  extends UnaryExpression with CodegenFallback {

  /** The input's tensor type as analysis first saw it (see [[EinopsTransform.inputType]]). */
  def inputType: TensorColumnType = pinnedInput.getOrElse(EinopsTransform.inputType(child))

  @transient private lazy val reader: Either[EinopsException, TensorReader] =
    try Right(TensorReader.of(inputType, inputType.shape())) catch { case e: EinopsException => Left(e) }

  override def dataType: DataType = ArrayType(IntegerType, containsNull = false)

  override def nullable: Boolean = true

  override def checkInputDataTypes(): TypeCheckResult = reader match {
    case Right(_) => TypeCheckResult.TypeCheckSuccess
    case Left(e) => TypeCheckResult.TypeCheckFailure(e.getMessage)
  }

  /** The input column's name for messages, as analysis first saw it. */
  def columnName: String = pinnedName.getOrElse(EinopsTransform.columnName(child))

  override protected def nullSafeEval(value: Any): Any = {
    try ArrayData.toArrayData(reader.fold(e => throw e, identity).checkedShape(value).map(_.toInt)) catch {
      case _: MalformedTensorException if mode == ErrorMode.PERMISSIVE => null
      case e: MalformedTensorException => throw RowErrors.error(e.getMessage, columnName, prettyName,
        null, e.shape(), java.util.Map.of[String, Integer]())
    }
  }

  override def prettyName: String = EinopsRegistry.TensorShape

  override protected def withNewChildInternal(newChild: Expression): TensorShape = {
    val pinned = if (pinnedInput.isEmpty && child.resolved && reader.isRight) Some(inputType) else pinnedInput
    val name = pinnedName.orElse(Some(child).filter(EinopsTransform.nameable).map(EinopsTransform.columnName))
    copy(child = newChild, pinnedInput = pinned, pinnedName = name)
  }
}
