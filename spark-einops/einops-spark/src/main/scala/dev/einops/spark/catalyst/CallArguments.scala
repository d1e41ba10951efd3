package dev.einops.spark.catalyst

import dev.einops.types.EinopsException

import org.apache.spark.sql.catalyst.expressions.{Cast, Expression}
import org.apache.spark.sql.catalyst.util.MapData
import org.apache.spark.sql.types.{ArrayType, ByteType, DataType, DecimalType, DoubleType, IntegerType, LongType, MapType,
  ShortType, StringType}

import scala.jdk.CollectionConverters._

/** Thrown while reading a call's arguments: SQL turns it into an analysis error, the column functions into an [[EinopsException]]. */
final class RejectedCall(val message: String) extends RuntimeException(message, null, false, false)

/**
 * Reads the arguments of one call of an einops function (tensors, constant patterns, reductions and
 * axis lengths), or says what is wrong: the argument rules every builder of [[EinopsRegistry]] shares.
 */
final class CallArguments(function: String, args: Seq[Expression]) {
  def size: Int = args.size

  def arity(min: Int, max: Int, signature: String): Unit =
    if (args.size < min || args.size > max) {
      throw new RejectedCall(s"takes $signature, got ${args.size} argument${if (args.size == 1) "" else "s"}")
    }

  def apply(i: Int): Expression = args(i)

  /**
   * Argument `i`, a tensor: arrays of decimals (what SQL makes of `1.0`) are read as doubles, and of
   * tinyint or smallint as int, so that literals work as tensors.
   */
  def tensor(i: Int): Expression = {
    def widened(t: DataType): Option[DataType] = t match {
      case ArrayType(inner, nulls) => widened(inner).map(ArrayType(_, nulls))
      case _: DecimalType => Some(DoubleType)
      case ByteType | ShortType => Some(IntegerType)
      case _ => None
    }
    if (!args(i).resolved) args(i)   // a column function's column, typed once analysed
    else widened(args(i).dataType).filter(_ != args(i).dataType).map(Cast(args(i), _)).getOrElse(args(i))
  }

  /** Argument `i`, a constant string. */
  def string(i: Int, what: String): String = {
    val e = args(i)
    if (!e.foldable || e.dataType != StringType) {
      throw new RejectedCall(s"the $what (argument ${i + 1}) must be a constant string, not ${e.sql}")
    }
    val value = e.eval()
    if (value == null) throw new RejectedCall(s"the $what (argument ${i + 1}) is null")
    value.toString
  }

  /** Argument `i`, a constant map of axis names to integer lengths, or no lengths when absent. */
  def lengths(i: Int): java.util.Map[String, java.lang.Long] = {
    if (i >= args.size) return java.util.Map.of()
    val e = args(i)
    e.dataType match {
      case MapType(StringType, IntegerType | LongType | ShortType | ByteType, _) if e.foldable =>
        val map = e.eval().asInstanceOf[MapData]
        if (map == null) return java.util.Map.of()
        val keys = map.keyArray()
        val values = map.valueArray()
        (0 until map.numElements()).map { k =>
          keys.getUTF8String(k).toString -> java.lang.Long.valueOf(values.get(k, e.dataType.asInstanceOf[MapType]
            .valueType).asInstanceOf[Number].longValue())
        }.toMap.asJava
      case _ => throw new RejectedCall(s"the axis lengths (argument ${i + 1}) must be a constant map of names to integers, " +
        s"such as map('h1', 2, 'w1', 2), not ${e.sql}")
    }
  }
}
