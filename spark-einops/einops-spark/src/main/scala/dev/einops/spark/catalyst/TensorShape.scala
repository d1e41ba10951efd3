package dev.einops.spark.catalyst

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
 * the struct's shape field, a flat array's recorded shape (or its length), a Vector's size. Reads
 * the shape only.
 */
case class TensorShape(child: Expression, pinnedInput: Option[TensorColumnType] = None)
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

  override protected def nullSafeEval(value: Any): Any = {
    val shape = try reader.fold(e => throw e, identity).shape(value) catch {
      case e: MalformedTensorException => throw RowErrors.error(e.getMessage, BlockInput.columnName(child), prettyName,
        null, e.shape(), java.util.Map.of[String, Integer]())
    }
    ArrayData.toArrayData(shape.map(_.toInt))
  }

  override def prettyName: String = EinopsRegistry.TensorShape

  override protected def withNewChildInternal(newChild: Expression): TensorShape = {
    val pinned = if (pinnedInput.isEmpty && child.resolved && reader.isRight) Some(inputType) else pinnedInput
    copy(child = newChild, pinnedInput = pinned)
  }
}
