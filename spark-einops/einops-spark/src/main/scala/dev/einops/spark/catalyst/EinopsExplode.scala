package dev.einops.spark.catalyst

import dev.einops.types.EinopsException
import dev.einops.spark.ErrorMode
import dev.einops.spark.exec.RowFallback
import dev.einops.spark.tensor.TensorColumnType
import dev.einops.spark.transform.{BlockStep, ExplodeTransform, TensorChain}

import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.{Expression, Generator, UnaryExpression}
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback
import org.apache.spark.sql.types.{IntegerType, StructField, StructType}

import scala.jdk.CollectionConverters._

/**
 * A generator that explodes each row's tensor into rows, for a pattern whose row axis leads an
 * output composition (`b c (h p) (w q) -> (b h w) c p q`): each output row holds one exploded
 * tensor and, when `indices`, its index along each exploded axis (int columns named after them).
 * Its element schema is known at analysis. Planned as an [[EinopsExplodeExec]] over blocks of rows;
 * elsewhere `eval` explodes one row alone.
 */
case class EinopsExplode(
    child: Expression,
    explode: ExplodeTransform,
    mode: ErrorMode,
    indices: Boolean,
    pinnedInput: Option[TensorColumnType] = None)
  extends UnaryExpression with Generator with CodegenFallback {

  /** The input's tensor type as analysis first saw it (see [[EinopsTransform.inputType]]). */
  def inputType: TensorColumnType = pinnedInput.getOrElse(EinopsTransform.inputType(child))

  /** The input expression under any per-row steps, and the steps with the explode last. */
  @transient lazy val chainWithInput: BlockInput = {
    val (input, first, inner) = child match {
      case t: EinopsTransform =>
        val in = t.chainWithInput
        (in.input, in.chain.inputType(), in.chain.steps().asScala.toSeq)
      case other => (other, inputType, Seq.empty[BlockStep])
    }
    BlockInput(input, TensorChain.of(first, (inner :+ explode.perRow()).asJava, true), mode)
  }

  @transient private lazy val typing: Either[EinopsException, TensorColumnType] =
    try Right(explode.outputType(inputType)) catch { case e: EinopsException => Left(e) }

  /** The type of one exploded row's tensor. */
  def rowType: TensorColumnType = typing.fold(e => throw e, identity)

  override def elementSchema: StructType = {
    val tensor = StructField("tensor", typing.fold(_ => org.apache.spark.sql.types.NullType, _.sparkType()),
      nullable = true)
    val index = if (indices) explode.indexAxes().asScala.map(StructField(_, IntegerType, nullable = true)) else Nil
    StructType(tensor +: index.toSeq)
  }

  override def checkInputDataTypes(): TypeCheckResult = typing match {
    case Right(_) => TypeCheckResult.TypeCheckSuccess
    case Left(e) => TypeCheckResult.TypeCheckFailure(e.getMessage)
  }

  override def eval(input: InternalRow): IterableOnce[InternalRow] = {
    val in = chainWithInput
    RowFallback.explode(in.chain, explode, in.column, mode, indices, in.input.eval(input)).asScala
  }

  override def prettyName: String = EinopsRegistry.Explode

  override def toString: String = s"$prettyName($child, ${explode.describe()})"

  override def sql: String = s"$prettyName(${child.sql}, '${explode.pattern()}')"

  override protected def withNewChildInternal(newChild: Expression): EinopsExplode = {
    val pinned = if (pinnedInput.isEmpty && child.resolved && typing.isRight) Some(inputType) else pinnedInput
    copy(child = newChild, pinnedInput = pinned)
  }
}
