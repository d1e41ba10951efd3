package dev.einops.spark.catalyst

import dev.einops.spark.ErrorMode
import dev.einops.spark.exec.EinsumRows
import dev.einops.spark.tensor.TensorColumnType
import dev.einops.types.EinopsException

import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.Expression
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback
import org.apache.spark.sql.types.{DataType, NullType}

import scala.jdk.CollectionConverters._

/**
 * einsum of each row's tensors in several columns (`i j, j k -> i k`), typed at analysis from the
 * columns' types. Evaluated row by row through the engine, whose contractions are matrix products.
 */
case class EinopsEinsum(
    pattern: String,
    children: Seq[Expression],
    mode: ErrorMode,
    pinnedInputs: Option[Seq[TensorColumnType]] = None) extends Expression with CodegenFallback {

  /** The inputs' tensor types as analysis first saw them (see [[EinopsTransform.inputType]]). */
  def inputTypes: Seq[TensorColumnType] = pinnedInputs.getOrElse(children.map(EinopsTransform.inputType))

  @transient private lazy val typing: Either[EinopsException, EinsumRows] =
    try Right(EinsumRows.of(pattern, inputTypes.asJava)) catch { case e: EinopsException => Left(e) }

  override def dataType: DataType = typing.fold(_ => NullType, _.outputType().sparkType())

  override def nullable: Boolean = true

  override def checkInputDataTypes(): TypeCheckResult = typing match {
    case Right(_) => TypeCheckResult.TypeCheckSuccess
    case Left(e) => TypeCheckResult.TypeCheckFailure(e.getMessage)
  }

  override def eval(input: InternalRow): Any = {
    val values = children.map(_.eval(input).asInstanceOf[AnyRef]).toArray
    typing.fold(e => throw e, identity).evaluate(values, mode, children.map(_.sql).mkString(", "))
  }

  override def prettyName: String = EinopsRegistry.Einsum

  override def sql: String = s"$prettyName('$pattern', ${children.map(_.sql).mkString(", ")})"

  override protected def withNewChildrenInternal(newChildren: IndexedSeq[Expression]): EinopsEinsum = {
    val pinned = if (pinnedInputs.isEmpty && children.forall(_.resolved) && typing.isRight) Some(inputTypes)
      else pinnedInputs
    copy(children = newChildren, pinnedInputs = pinned)
  }
}
