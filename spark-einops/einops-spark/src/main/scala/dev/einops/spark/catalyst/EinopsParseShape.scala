package dev.einops.spark.catalyst

import dev.einops.types.EinopsException
import dev.einops.internal.parse.{ExpressionParser, ParseOptions, ParseShape}
import dev.einops.spark.tensor.{TensorColumnType, TensorEncoding, TensorReader}

import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.{Expression, UnaryExpression}
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData
import org.apache.spark.sql.types.{DataType, LongType, MapType, StringType}
import org.apache.spark.unsafe.types.UTF8String

import scala.jdk.CollectionConverters._

/**
 * einops' `parse_shape` on each row's tensor: a `map<string, bigint>` naming its axes. It reads the
 * shape only, never the elements.
 *
 * {{{
 *   Column(EinopsParseShape(col("image").expr, "c h w"))   // {c -> 3, h -> 64, w -> 64}
 * }}}
 */
case class EinopsParseShape(child: Expression, pattern: String, pinnedInput: Option[TensorColumnType] = None)
  extends UnaryExpression with CodegenFallback {
  @transient private lazy val groups = ExpressionParser.parse(pattern, 0, ParseOptions.PARSE_SHAPE)

  @transient private lazy val analysis: Either[EinopsException, (TensorReader, TensorColumnType)] =
    try {
      val input = inputType
      val flatAsOneAxis = input.encoding() == TensorEncoding.FLAT && groups.composition().size() == 1 &&
        !groups.hasEllipsis
      val readShape = if (flatAsOneAxis) Array(TensorColumnType.UNKNOWN) else input.shape()
      if (readShape != null && readShape.forall(_ >= 0)) ParseShape.apply(pattern, readShape)
      else if (readShape != null) checkRank(readShape.length)
      Right((TensorReader.of(input, readShape), input))
    } catch {
      case e: EinopsException => Left(e.withContext("parse_shape", pattern, null, java.util.Map.of()))
    }

  private def checkRank(rank: Int): Unit = {
    val n = groups.composition().size()
    if (if (groups.hasEllipsis) rank < n - 1 else rank != n) {
      throw new EinopsException(s"Can't parse shape with different number of dimensions: the pattern has $n axes " +
        s"but the column holds tensors of rank $rank")
    }
  }

  override def dataType: DataType = MapType(StringType, LongType, valueContainsNull = false)

  override def nullable: Boolean = true

  override def checkInputDataTypes(): TypeCheckResult = analysis match {
    case Right(_) => TypeCheckResult.TypeCheckSuccess
    case Left(e) => TypeCheckResult.TypeCheckFailure(e.getMessage)
  }

  override protected def nullSafeEval(value: Any): Any = {
    val reader = analysis.fold(e => throw e, _._1)
    val shape = try reader.shape(value) catch {
      case e: dev.einops.spark.tensor.MalformedTensorException =>
        throw new EinopsException(e.getMessage).withContext("parse_shape", pattern, null, java.util.Map.of())
    }
    val named = try ParseShape.apply(pattern, shape) catch {
      case e: EinopsException => throw e.withContext("parse_shape", pattern, java.util.Arrays.toString(shape),
        java.util.Map.of())
    }
    val entries = named.asScala.toSeq
    ArrayBasedMapData(entries.map(e => UTF8String.fromString(e._1)).toArray,
      entries.map(e => e._2.longValue()).toArray)
  }

  override def prettyName: String = EinopsRegistry.ParseShape

  override def sql: String = s"$prettyName(${child.sql}, '$pattern')"

  /** The input's tensor type as analysis first saw it (see [[EinopsTransform.inputType]]). */
  def inputType: TensorColumnType = pinnedInput.getOrElse(EinopsTransform.inputType(child))

  override protected def withNewChildInternal(newChild: Expression): EinopsParseShape = {
    val pinned = if (pinnedInput.isEmpty && child.resolved && analysis.isRight) Some(inputType) else pinnedInput
    copy(child = newChild, pinnedInput = pinned)
  }
}
