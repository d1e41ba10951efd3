package dev.einops.spark.catalyst

import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.{Expression, Generator, Unevaluable}
import org.apache.spark.sql.types.{DataType, NullType, StructType}

/**
 * A call of an einops SQL function whose arguments the catalog rejected: it never resolves, so
 * analysis fails with `message`, which names the function, the problem and the argument.
 */
case class EinopsCallError(function: String, message: String, children: Seq[Expression])
  extends Expression with Unevaluable {

  override def dataType: DataType = NullType

  override def nullable: Boolean = true

  override def checkInputDataTypes(): TypeCheckResult = TypeCheckResult.TypeCheckFailure(s"$function: $message")

  override def prettyName: String = function

  override protected def withNewChildrenInternal(newChildren: IndexedSeq[Expression]): EinopsCallError =
    copy(children = newChildren)
}

/** [[EinopsCallError]] where a generator is expected (`LATERAL VIEW einops_explode(...)`). */
case class EinopsGeneratorCallError(function: String, message: String, children: Seq[Expression])
  extends Generator {

  override def elementSchema: StructType = new StructType()

  override def checkInputDataTypes(): TypeCheckResult = TypeCheckResult.TypeCheckFailure(s"$function: $message")

  override def eval(input: InternalRow): IterableOnce[InternalRow] =
    throw new IllegalStateException(s"$function: $message")

  override def prettyName: String = function

  override protected def doGenCode(ctx: org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext,
                                   ev: org.apache.spark.sql.catalyst.expressions.codegen.ExprCode) =
    throw new IllegalStateException(s"$function: $message")

  override protected def withNewChildrenInternal(newChildren: IndexedSeq[Expression]): EinopsGeneratorCallError =
    copy(children = newChildren)
}
