package dev.einops.spark.catalyst

import dev.einops.internal.recipe.Operation
import dev.einops.spark.tensor.TensorEncoding
import dev.einops.spark.transform.{BatchTransform, CompiledCall, ConvertStep, ExplodeTransform, RowAxisKind, RowTransform}
import dev.einops.types.EinopsException

import org.apache.spark.sql.catalyst.FunctionIdentifier
import org.apache.spark.sql.catalyst.expressions.{Cast, CreateNamedStruct, Expression, ExpressionInfo, Literal}
import org.apache.spark.sql.types.{ArrayType, IntegerType}

/**
 * One einops function: its name, its description for `DESCRIBE FUNCTION` (usage, arguments,
 * runnable examples) and its builder, which checks the arguments ([[CallArguments]]) and makes the
 * expression.
 *
 * @param aliasOf the function this name stands for, when it is an alias
 */
final case class EinopsFunction(
    name: String,
    usage: String,
    arguments: Seq[(String, String)],
    examples: Seq[(String, String)],
    group: String,
    expressionClass: Class[_],
    generator: Boolean,
    aliasOf: Option[String],
    build: CallArguments => Expression) {

  def identifier: FunctionIdentifier = FunctionIdentifier(name)

  /** The description `DESCRIBE FUNCTION` shows. */
  def info: ExpressionInfo = {
    val args = arguments.map { case (a, d) => s"      * $a - $d" }.mkString("\n    Arguments:\n", "\n", "\n  ")
    val ex = examples.map { case (q, r) => s"      > SELECT $q;\n       $r" }.mkString("\n    Examples:\n", "\n", "\n  ")
    val note = aliasOf.map(a => s"\n    An alias of $a.\n  ").getOrElse("")
    new ExpressionInfo(expressionClass.getName, null, name, usage, args, ex, note, group, "0.1.0", "", "")
  }

  /** The SQL builder: the expression, or one that fails analysis saying what is wrong with the call. */
  def sqlBuilder: Seq[Expression] => Expression = args =>
    try build(new CallArguments(name, args)) catch {
      case r: RejectedCall => error(r.message, args)
      case e: EinopsException => error(e.getMessage, args)
    }

  private def error(message: String, args: Seq[Expression]): Expression =
    if (generator) EinopsGeneratorCallError(name, message, args) else EinopsCallError(name, message, args)

  /**
   * The expression for the column functions, which fail at once rather than at analysis.
   *
   * @throws EinopsException if the call is rejected
   */
  def expression(args: Seq[Expression]): Expression =
    try build(new CallArguments(name, args)) catch {
      case r: RejectedCall => throw new EinopsException(s"$name ${r.message}")
    }
}

/**
 * Every einops function, in one table: the SQL catalog (`udf` registers these), the column functions
 * of [[dev.einops.spark.functions]] and the expressions' `prettyName`s all read it.
 *
 * Scalar functions see one row's tensor, so their patterns describe it without a row axis
 * (`einops_rearrange(t, 'c h w -> h w c')`); the aggregates and the generator name the row axis
 * first (`einops_reduce_agg(t, 'b c h w -> c', 'mean')`).
 */
object EinopsRegistry {
  final val Rearrange = "einops_rearrange"
  final val Reduce = "einops_reduce"
  final val Repeat = "einops_repeat"
  final val Einsum = "einops_einsum"
  final val ParseShape = "einops_parse_shape"
  final val CheckShape = "einops_check_shape"
  final val Tensor = "tensor"
  final val TensorShape = "tensor_shape"
  final val TensorToFlat = "tensor_to_flat"
  final val TensorData = "tensor_data"
  final val TensorToNested = "tensor_to_nested"
  final val TensorToStruct = "tensor_to_struct"
  final val ReduceAgg = "einops_reduce_agg"
  final val StackAgg = "einops_stack_agg"
  final val Explode = "einops_explode"

  /** The SQL name of a per-row einops step of `operation`: `einops_rearrange`, `einops_reduce`, `einops_repeat`. */
  def stepName(operation: Operation): String = operation match {
    case Operation.REARRANGE => Rearrange
    case Operation.REDUCE => Reduce
    case Operation.REPEAT => Repeat
    case other => throw new IllegalArgumentException(s"no einops function runs $other per row")
  }

  /** The SQL name of a conversion to `target`: `tensor_to_flat`, `tensor_to_nested`, `tensor_to_struct`. */
  def conversionName(target: TensorEncoding): String = target match {
    case TensorEncoding.FLAT => TensorToFlat
    case TensorEncoding.NESTED => TensorToNested
    case TensorEncoding.STRUCT => TensorToStruct
    case other => throw new IllegalArgumentException(s"no einops function converts to $other")
  }

  private val TensorArg = "t" -> ("a tensor column: nested arrays, the struct<shape: array<int>, data: array<T>>, a " +
    "flat array or a Vector, with elements float, double, int, bigint or boolean")
  private val Lengths = "lengths" -> "optional, a constant map of axis names to lengths: map('h1', 2, 'w1', 2)"
  private val Reductions = "reduction" -> "min, max, sum, mean, prod, any or all"

  private def perRow(name: String, op: Operation, usage: String, examples: Seq[(String, String)]): EinopsFunction = {
    val reduces = op == Operation.REDUCE
    val fixed = if (reduces) 3 else 2
    val signature = s"$name(t, pattern${if (reduces) ", reduction" else ""} [, lengths])"
    val pattern = "pattern" -> "a constant pattern describing one row's tensor, without the row axis"
    EinopsFunction(name, usage, Seq(TensorArg, pattern) ++ (if (reduces) Seq(Reductions) else Nil) :+ Lengths, examples,
      "array_funcs",
      classOf[EinopsTransform], generator = false, None, a => {
        a.arity(fixed, fixed + 1, signature)
        val reduction = if (reduces) a.string(2, "reduction") else null
        EinopsColumns.transform(a.tensor(0), RowTransform.of(CompiledCall.rowFunction(op, a.string(1, "pattern"),
          reduction, a.lengths(fixed))))
      })
  }

  private def conversion(name: String, target: TensorEncoding, usage: String, examples: Seq[(String, String)],
                         aliasOf: Option[String] = None): EinopsFunction =
    EinopsFunction(name, usage, Seq(TensorArg), examples, "array_funcs", classOf[EinopsTransform], generator = false,
      aliasOf, a => {
        a.arity(1, 1, s"$name(t)")
        EinopsColumns.transform(a.tensor(0), new ConvertStep(target))
      })

  private val flatUsage = "_FUNC_(t) - Each row's tensor as a flat array of its elements, in C order."

  /** Every function, grouped as the README lists them. */
  // lazy, as byName: a Spark Connect client reads the names above alone, and its class path has no
  // Catalyst classes, which the functions' descriptions and builders load
  lazy val functions: Seq[EinopsFunction] = Seq(
    perRow(Rearrange, Operation.REARRANGE, "_FUNC_(t, pattern [, lengths]) - Rearranges each row's tensor: " +
      "reorders, splits, merges, adds and removes unit axes.", Seq(
      "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)), 'h w -> w h')" -> "[[1,4],[2,5],[3,6]]",
      "_FUNC_(array(1, 2, 3, 4, 5, 6), '(h w) -> w h', map('h', 2))" -> "[1,4,2,5,3,6]")),
    perRow(Reduce, Operation.REDUCE, "_FUNC_(t, pattern, reduction [, lengths]) - Reduces each row's tensor over " +
      "the axes missing on the right.", Seq(
      "_FUNC_(array(array(1.0, 2.0), array(3.0, 4.0)), 'h w -> w', 'mean')" -> "[2.0,3.0]",
      "_FUNC_(array(array(1, 5, 2, 7)), 'h (w 2) -> h w', 'max')" -> "[[5,7]]")),
    perRow(Repeat, Operation.REPEAT, "_FUNC_(t, pattern [, lengths]) - Repeats each row's tensor along axes only " +
      "the right side has.", Seq(
      "_FUNC_(array(array(1, 2)), 'h w -> h w c', map('c', 3))" -> "[[[1,1,1],[2,2,2]]]",
      "_FUNC_(array(array(1, 2)), 'h w -> h (w 2)')" -> "[[1,1,2,2]]")),
    EinopsFunction(Einsum, "_FUNC_(pattern, t1, t2, ...) - Einstein summation of each row's tensors, with einops' " +
      "readable axis names.", Seq("pattern" -> "a constant einsum pattern over one row's tensors: 'i j, j k -> i k'",
      "t1, t2, ..." -> "tensor columns, one per operand"), Seq(
      "_FUNC_('i j, j k -> i k', array(array(1, 2), array(3, 4)), array(array(1, 0), array(0, 1)))" ->
        "[[1,2],[3,4]]",
      "_FUNC_('i i ->', array(array(1, 2), array(3, 4)))" -> "5"), "array_funcs", classOf[EinopsEinsum],
      generator = false, None, a => {
        a.arity(2, Int.MaxValue, s"$Einsum(pattern, t1, t2, ...)")
        EinopsEinsum(a.string(0, "pattern"), (1 until a.size).map(a.tensor), EinopsColumns.mode())
      }),
    EinopsFunction(ParseShape, "_FUNC_(t, pattern) - Names the axes of each row's tensor: a map of axis names to " +
      "lengths.", Seq(TensorArg, "pattern" -> "names, _ to skip an axis, ... for any number of axes"), Seq(
      "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)), 'h w')" -> "{\"h\":2,\"w\":3}",
      "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)), '_ w')" -> "{\"w\":3}"), "map_funcs",
      classOf[EinopsParseShape], generator = false, None, a => {
        a.arity(2, 2, s"$ParseShape(t, pattern)")
        EinopsParseShape(a.tensor(0), a.string(1, "pattern"))
      }),
    EinopsFunction(CheckShape, "_FUNC_(t, pattern [, lengths]) - Asserts each row's tensor shape and gives the " +
      "tensor unchanged; fails the query with einops' message where a shape does not fit (at analysis where the " +
      "column's metadata tells).", Seq(TensorArg, "pattern" -> "names of one row's axes, _ to skip one, ... for any number",
      Lengths), Seq(
      "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)), 'h w', map('w', 3))" -> "[[1,2,3],[4,5,6]]",
      "_FUNC_(tensor(array(2, 1), array(7, 8)), 'h 1')" -> "{\"shape\":[2,1],\"data\":[7,8]}"), "array_funcs",
      classOf[EinopsCheckShape], generator = false, None, a => {
        a.arity(2, 3, s"$CheckShape(t, pattern [, lengths])")
        EinopsColumns.checkShape(a.tensor(0), a.string(1, "pattern"), a.lengths(2))
      }),
    EinopsFunction(Tensor, "_FUNC_(shape, data) - The tensor struct struct<shape: array<int>, data: array<T>> of a " +
      "shape and its data in C order.", Seq("shape" -> "an array of integer lengths",
      "data" -> "an array of the elements, in C order"), Seq(
      "_FUNC_(array(2, 2), array(1.0f, 2.0f, 3.0f, 4.0f))" -> "{\"shape\":[2,2],\"data\":[1.0,2.0,3.0,4.0]}"),
      "struct_funcs", classOf[CreateNamedStruct], generator = false, None, a => {
        a.arity(2, 2, s"$Tensor(shape, data)")
        CreateNamedStruct(Seq(Literal("shape"), Cast(a(0), ArrayType(IntegerType, containsNull = false)),
          Literal("data"), a(1)))
      }),
    EinopsFunction(TensorShape, "_FUNC_(t) - The shape of each row's tensor, in any encoding.", Seq(TensorArg), Seq(
      "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)))" -> "[2,3]",
      "_FUNC_(tensor(array(3, 1), array(7, 8, 9)))" -> "[3,1]"), "array_funcs", classOf[TensorShape],
      generator = false, None, a => {
        a.arity(1, 1, s"$TensorShape(t)")
        dev.einops.spark.catalyst.TensorShape(a.tensor(0), mode = EinopsColumns.mode())
      }),
    conversion(TensorToFlat, TensorEncoding.FLAT, flatUsage, Seq(
      "_FUNC_(array(array(1, 2), array(3, 4)))" -> "[1,2,3,4]")),
    conversion(TensorData, TensorEncoding.FLAT, flatUsage, Seq(
      "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)))" -> "[1,2,3,4,5,6]"), aliasOf = Some(TensorToFlat)),
    conversion(TensorToNested, TensorEncoding.NESTED, "_FUNC_(t) - Each row's tensor as nested arrays.", Seq(
      "_FUNC_(tensor(array(2, 2), array(1, 2, 3, 4)))" -> "[[1,2],[3,4]]")),
    conversion(TensorToStruct, TensorEncoding.STRUCT,
      "_FUNC_(t) - Each row's tensor as the struct<shape: array<int>, data: array<T>>.", Seq(
        "_FUNC_(array(array(1, 2), array(3, 4)))" -> "{\"shape\":[2,2],\"data\":[1,2,3,4]}")),
    EinopsFunction(ReduceAgg, "_FUNC_(t, pattern, reduction [, lengths]) - Reduces across rows: the pattern's first " +
      "axis is the rows, and the output does not have it. Per group with GROUP BY.", Seq(TensorArg,
      "pattern" -> "a constant pattern whose first axis (the rows) is reduced: 'b c h w -> c'", Reductions, Lengths),
      Seq("_FUNC_(t, 'b w -> w', 'sum') FROM VALUES (array(1, 2)), (array(3, 4)) AS tab(t)" -> "[4,6]",
        "g, _FUNC_(t, 'b w -> w', 'max') FROM VALUES (1, array(1, 5)), (1, array(3, 4)), (2, array(0, 9)) AS tab(g, t) " +
          "GROUP BY g ORDER BY g" -> "1\t[3,5]\n       2\t[0,9]"), "agg_funcs", classOf[EinopsReduceAgg],
      generator = false, None, a => {
        a.arity(3, 4, s"$ReduceAgg(t, pattern, reduction [, lengths])")
        EinopsColumns.reduceAgg(a.tensor(0), BatchTransform.of(CompiledCall.verb(Operation.REDUCE,
          a.string(1, "pattern"), a.string(2, "reduction"), a.lengths(3)), RowAxisKind.AGGREGATE))
      }),
    EinopsFunction(StackAgg, "_FUNC_(t, pattern, order [, lengths]) - Stacks the rows, ordered by order, into one " +
      "tensor: the pattern's first axis is the rows, and it moves on the output. Per group with GROUP BY.",
      Seq(TensorArg, "pattern" -> "a constant pattern whose first axis (the rows) moves: 't h w -> h t w'",
        "order" -> "an expression whose values order the rows: distinct and not null", Lengths), Seq(
        "_FUNC_(t, 't w -> w t', i) FROM VALUES (2, array(3, 4)), (1, array(1, 2)) AS tab(i, t)" -> "[[1,3],[2,4]]"),
      "agg_funcs", classOf[EinopsStackAgg], generator = false, None, a => {
        a.arity(3, 4, s"$StackAgg(t, pattern, order [, lengths])")
        EinopsColumns.stackAgg(a.tensor(0), BatchTransform.of(CompiledCall.verb(Operation.REARRANGE,
          a.string(1, "pattern"), null, a.lengths(3)), RowAxisKind.STACK), a(2))
      }),
    EinopsFunction(Explode, "_FUNC_(t, pattern [, lengths]) - Explodes each row's tensor into rows: the pattern's " +
      "first axis is the rows, and it leads an output composition. In the select list or LATERAL VIEW.",
      Seq(TensorArg, "pattern" -> ("a constant pattern whose first axis (the rows) leads an output composition: " +
        "'b c (h p) (w q) -> (b h w) c p q'"), Lengths), Seq(
        "_FUNC_(array(1, 2, 3, 4), 'b (h p) -> (b h) p', map('p', 2))" -> "[1,2]\n       [3,4]"), "generator_funcs",
      classOf[EinopsExplode], generator = true, None, a => {
        a.arity(2, 3, s"$Explode(t, pattern [, lengths])")
        EinopsColumns.explode(a.tensor(0), ExplodeTransform.of(CompiledCall.verb(Operation.REARRANGE,
          a.string(1, "pattern"), null, a.lengths(2))), indices = false)
      }))

  private lazy val byName: Map[String, EinopsFunction] = functions.map(f => f.name -> f).toMap

  /** The function named `name`. */
  def apply(name: String): EinopsFunction =
    byName.getOrElse(name, throw new IllegalArgumentException(s"no einops function is named $name"))
}
