package dev.einops.spark.catalyst

import dev.einops.types.EinopsException
import dev.einops.spark.ErrorMode
import dev.einops.spark.exec.RowFallback
import dev.einops.spark.tensor.TensorColumnType
import dev.einops.spark.transform.{BlockStep, RowTransform, TensorChain}

import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.{Alias, Attribute, CreateNamedStruct, Expression, UnaryExpression}
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback
import org.apache.spark.sql.types.{DataType, Metadata, NullType}

import scala.jdk.CollectionConverters._

/**
 * One per-row einops step on a tensor column, as a Catalyst expression: its result type is computed
 * at analysis from the input column's type (and the shape its metadata records), so a pattern that
 * cannot fit fails before any job runs. The block operator ([[EinopsBlockExec]]) evaluates it on
 * blocks of rows; where that operator does not run it, `eval` computes one row alone.
 *
 * {{{
 *   Column(EinopsTransform(col("image").expr, RowTransform.of(REARRANGE, "c h w -> h w c", ...), FAILFAST))
 * }}}
 *
 * @param transform the step, compiled once on the driver
 * @param mode      what a malformed row gives, fixed when the step is defined
 */
case class EinopsTransform(
    child: Expression,
    transform: BlockStep,
    mode: ErrorMode,
    pinnedInput: Option[TensorColumnType] = None)
  extends UnaryExpression with CodegenFallback {

  /**
   * The input's tensor type, as analysis first saw it: the optimizer may later replace the child by
   * an equivalent expression that lost the column's metadata (a collapsed alias), and the step must
   * keep the type it was analysed with.
   */
  def inputType: TensorColumnType = pinnedInput.getOrElse(EinopsTransform.inputType(child))

  /** This step's chain alone: the input type it sees and the type it gives, or why it cannot. */
  @transient private lazy val typing: Either[EinopsException, TensorChain] =
    try Right(TensorChain.of(inputType, java.util.List.of(transform)))
    catch { case e: EinopsException => Left(e) }

  /** The column type of this step's result. */
  def outputType: TensorColumnType = typing match {
    case Right(chain) => chain.outputType()
    case Left(e) => throw e
  }

  override def dataType: DataType = typing.fold(_ => NullType, _.outputType().sparkType())

  override def nullable: Boolean = true

  override def checkInputDataTypes(): TypeCheckResult = typing match {
    case Right(_) => TypeCheckResult.TypeCheckSuccess
    case Left(e) => TypeCheckResult.TypeCheckFailure(e.getMessage)
  }

  /**
   * The consecutive einops steps ending with this one, innermost first, and the expression that
   * gives the first one's input: what one block pass computes.
   */
  @transient lazy val chainWithInput: BlockInput = {
    val steps = scala.collection.mutable.ArrayBuffer(this)
    var input = child
    while (input.isInstanceOf[EinopsTransform]) {
      val inner = input.asInstanceOf[EinopsTransform]
      steps.prepend(inner)
      input = inner.child
    }
    BlockInput(input, TensorChain.of(steps.head.inputType, steps.map(_.transform).toSeq.asJava), mode)
  }

  override protected def nullSafeEval(input: Any): Any = {
    val chain = typing.fold(e => throw e, identity)
    RowFallback.evaluate(chain, BlockInput.columnName(child), mode, input)
  }

  override def prettyName: String = transform.name()

  override def toString: String = s"$prettyName($child, ${transform.describe()})"

  /**
   * A column function's call as SQL would write it, `einops_reduce(t, 'c (h 2) w -> c h w', 'max')`; a
   * verb's as written, `rearrange(image, 'b c h w -> b h w c')`, which no SQL function takes.
   */
  override def sql: String = transform match {
    case r: RowTransform =>
      val call = r.call()
      val name = if (call.rowAxisFirst()) call.operation().label() else prettyName
      val reduction = Option(call.reduction()).map(r => s", '$r'").getOrElse("")
      s"$name(${child.sql}, '${call.pattern()}'$reduction)"
    case _ if transform.pattern().isEmpty => s"$prettyName(${child.sql})"
    case _ => s"$prettyName(${child.sql}, '${transform.pattern()}')"
  }

  override protected def withNewChildInternal(newChild: Expression): EinopsTransform = {
    val pinned = if (pinnedInput.isEmpty && child.resolved && typing.isRight) Some(inputType) else pinnedInput
    copy(child = newChild, pinnedInput = pinned)
  }
}

/**
 * The input of one block pass: the expression giving the first step's input, the consecutive steps
 * of the pass, the input column's name for messages, and what a malformed row gives. Built once per
 * expression and carried by the plan nodes.
 */
case class BlockInput(input: Expression, chain: TensorChain, mode: ErrorMode) {
  /** The input column as messages name it: `weights`, not the Catalyst expression. */
  def column: String = BlockInput.columnName(input)
}

object BlockInput {
  /** A column as messages name it: an attribute or alias by its name, anything else as SQL. */
  def columnName(e: Expression): String = e match {
    case n: org.apache.spark.sql.catalyst.expressions.NamedExpression => n.name
    case other => other.sql
  }
}

object EinopsTransform {
  /** The tensor type of the column `e` gives: an einops step's result, or read from its type and metadata. */
  def inputType(e: Expression): TensorColumnType = e match {
    case t: EinopsTransform => t.outputType
    case a: Alias if !a.metadata.contains(TensorColumnType.SHAPE_KEY) => inputType(a.child)
    case n: Alias => TensorColumnType.of(n.dataType, n.metadata)
    case a: Attribute => TensorColumnType.of(a.dataType, a.metadata)
    case s: CreateNamedStruct => TensorColumnType.of(s.dataType, constantShape(s).getOrElse(Metadata.empty))
    case other => TensorColumnType.of(other.dataType, Metadata.empty)
  }

  /** A tensor struct built with a constant shape (`tensor(array(2, 3), data)`) records that shape. */
  private def constantShape(s: CreateNamedStruct): Option[Metadata] = {
    val shape = s.nameExprs.zip(s.valExprs).collectFirst {
      case (name, value) if name.foldable && String.valueOf(name.eval()) == TensorColumnType.SHAPE_FIELD => value
    }
    shape.filter(_.foldable).flatMap(e => Option(e.eval())).map { array =>
      val lengths = array.asInstanceOf[org.apache.spark.sql.catalyst.util.ArrayData].toIntArray().map(_.toLong)
      new org.apache.spark.sql.types.MetadataBuilder().putLongArray(TensorColumnType.SHAPE_KEY, lengths).build()
    }
  }
}
