package dev.einops.spark.catalyst

import dev.einops.types.EinopsException
import dev.einops.spark.ErrorMode
import dev.einops.spark.exec.{BlockSettings, ReduceAccumulator, StackAccumulator}
import dev.einops.spark.tensor.TensorColumnType
import dev.einops.spark.transform.BatchTransform

import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.{Expression, RowOrdering}
import org.apache.spark.sql.catalyst.expressions.aggregate.{ImperativeAggregate, TypedImperativeAggregate}
import org.apache.spark.sql.catalyst.trees.{BinaryLike, UnaryLike}
import org.apache.spark.sql.types.{DataType, NullType}
import org.apache.spark.util.LongAccumulator

/** What the einops aggregates share: their typing at analysis from the tensor column's type. */
private[catalyst] trait EinopsAggregate {
  def tensor: Expression
  def transform: BatchTransform
  def pinnedInput: Option[TensorColumnType]

  /** The input's tensor type as analysis first saw it (see [[EinopsTransform.inputType]]). */
  def inputType: TensorColumnType = pinnedInput.getOrElse(EinopsTransform.inputType(tensor))

  @transient protected lazy val typing: Either[EinopsException, TensorColumnType] =
    try Right(transform.outputType(inputType)) catch { case e: EinopsException => Left(e) }

  /** The column type of the result. */
  def outputType: TensorColumnType = typing.fold(e => throw e, identity)

  protected def pinned: Option[TensorColumnType] =
    if (pinnedInput.isEmpty && tensor.resolved && typing.isRight) Some(inputType) else pinnedInput

  protected def typeCheck: TypeCheckResult = typing match {
    case Right(_) => TypeCheckResult.TypeCheckSuccess
    case Left(e) => TypeCheckResult.TypeCheckFailure(e.getMessage)
  }

  protected def resultType: DataType = typing.fold(_ => NullType, _.sparkType())
}

/**
 * A reduction across rows (`b c h w -> c`), as an aggregate function: each partition reduces its
 * rows block by block into a compact accumulator, and Spark's two-phase aggregation merges the
 * accumulators, as bytes. Null tensors are left out, as SQL aggregates leave out nulls; without rows
 * the result is the reduction's identity where the column records its shape, else null.
 */
case class EinopsReduceAgg(
    tensor: Expression,
    transform: BatchTransform,
    mode: ErrorMode,
    settings: BlockSettings,
    malformed: Option[LongAccumulator] = None,
    pinnedInput: Option[TensorColumnType] = None,
    mutableAggBufferOffset: Int = 0,
    inputAggBufferOffset: Int = 0)
  extends TypedImperativeAggregate[ReduceAccumulator] with UnaryLike[Expression] with EinopsAggregate {

  override def child: Expression = tensor

  override def dataType: DataType = resultType

  override def nullable: Boolean = true

  override def checkInputDataTypes(): TypeCheckResult = typeCheck

  override def createAggregationBuffer(): ReduceAccumulator =
    new ReduceAccumulator(transform, inputType, settings, mode, tensor.sql, malformed.orNull)

  override def update(buffer: ReduceAccumulator, input: InternalRow): ReduceAccumulator = {
    buffer.add(tensor.eval(input))
    buffer
  }

  override def merge(buffer: ReduceAccumulator, input: ReduceAccumulator): ReduceAccumulator = {
    buffer.merge(input)
    buffer
  }

  override def eval(buffer: ReduceAccumulator): Any = buffer.result(outputType)

  override def serialize(buffer: ReduceAccumulator): Array[Byte] = {
    val bytes = buffer.toBytes
    buffer.close()
    bytes
  }

  override def deserialize(bytes: Array[Byte]): ReduceAccumulator =
    ReduceAccumulator.fromBytes(bytes, transform, inputType, settings, mode, tensor.sql, malformed.orNull)

  override def prettyName: String = EinopsRegistry.ReduceAgg

  override def toString: String = s"$prettyName($tensor, ${transform.describe()})"

  override def sql(isDistinct: Boolean): String =
    s"$prettyName(${tensor.sql}, '${transform.pattern()}', '${transform.reduction()}')"

  override def withNewMutableAggBufferOffset(offset: Int): ImperativeAggregate = copy(mutableAggBufferOffset = offset)

  override def withNewInputAggBufferOffset(offset: Int): ImperativeAggregate = copy(inputAggBufferOffset = offset)

  override protected def withNewChildInternal(newChild: Expression): EinopsReduceAgg =
    copy(tensor = newChild, pinnedInput = pinned)
}

/**
 * Stacking rows in the order of a key into one tensor transformed by a pattern whose row axis moves
 * (`t c h w -> c t h w`), as an aggregate function: each partition gathers its rows with their keys,
 * the gathered rows merge, and the stack is built and transformed once per group. A group may hold
 * at most `maxBytes` bytes of tensors; keys must be distinct and not null.
 */
case class EinopsStackAgg(
    tensor: Expression,
    order: Expression,
    transform: BatchTransform,
    mode: ErrorMode,
    maxBytes: Long,
    malformed: Option[LongAccumulator] = None,
    pinnedInput: Option[TensorColumnType] = None,
    mutableAggBufferOffset: Int = 0,
    inputAggBufferOffset: Int = 0)
  extends TypedImperativeAggregate[StackAccumulator] with BinaryLike[Expression] with EinopsAggregate {

  override def left: Expression = tensor

  override def right: Expression = order

  override def dataType: DataType = resultType

  override def nullable: Boolean = true

  override def checkInputDataTypes(): TypeCheckResult = typeCheck match {
    case TypeCheckResult.TypeCheckSuccess if order.resolved && !RowOrdering.isOrderable(order.dataType) =>
      TypeCheckResult.TypeCheckFailure(s"the order of a stack must be a column that can be sorted, not " +
        s"${order.dataType.simpleString} (${order.sql})")
    case other => other
  }

  override def createAggregationBuffer(): StackAccumulator =
    new StackAccumulator(transform, inputType, order.dataType, maxBytes, mode, tensor.sql, malformed.orNull)

  override def update(buffer: StackAccumulator, input: InternalRow): StackAccumulator = {
    buffer.add(tensor.eval(input), order.eval(input))
    buffer
  }

  override def merge(buffer: StackAccumulator, input: StackAccumulator): StackAccumulator = {
    buffer.merge(input)
    buffer
  }

  override def eval(buffer: StackAccumulator): Any = buffer.result(outputType)

  override def serialize(buffer: StackAccumulator): Array[Byte] = buffer.toBytes

  override def deserialize(bytes: Array[Byte]): StackAccumulator =
    StackAccumulator.fromBytes(bytes, transform, inputType, order.dataType, maxBytes, mode, tensor.sql,
      malformed.orNull)

  override def prettyName: String = EinopsRegistry.StackAgg

  override def toString: String = s"$prettyName($tensor, ${transform.describe()}, order by $order)"

  override def sql(isDistinct: Boolean): String =
    s"$prettyName(${tensor.sql}, '${transform.pattern()}', ${order.sql})"

  override def withNewMutableAggBufferOffset(offset: Int): ImperativeAggregate = copy(mutableAggBufferOffset = offset)

  override def withNewInputAggBufferOffset(offset: Int): ImperativeAggregate = copy(inputAggBufferOffset = offset)

  override protected def withNewChildrenInternal(newLeft: Expression, newRight: Expression): EinopsStackAgg =
    copy(tensor = newLeft, order = newRight, pinnedInput = pinned)
}
