package dev.einops.spark.sql

import dev.einops.internal.recipe.Operation
import dev.einops.spark.catalyst.{EinopsCheckShape, EinopsColumns, EinopsEinsum, EinopsExplode, EinopsParseShape,
  EinopsTransform, TensorShape}
import dev.einops.spark.tensor.TensorEncoding
import dev.einops.spark.transform.{BatchTransform, ConvertStep, ExplodeTransform, RowAxisKind, RowTransform}

import org.apache.spark.sql.catalyst.FunctionIdentifier
import org.apache.spark.sql.catalyst.expressions.{Cast, CreateNamedStruct, Expression, ExpressionInfo, Literal}
import org.apache.spark.sql.types.{ArrayType, IntegerType}

/**
 * Every einops SQL function: its name, its description for `DESCRIBE FUNCTION` (usage, arguments,
 * runnable examples) and its builder, which checks the arguments (patterns, reductions and axis
 * lengths must be constants) and makes einops-spark's expression, or an expression that fails
 * analysis saying what is wrong.
 *
 * Scalar functions see one row's tensor, so their patterns describe it without a row axis
 * (`einops_rearrange(t, 'c h w -> h w c')`); the aggregates and the generator name the row axis
 * first (`einops_reduce_agg(t, 'b c h w -> c', 'mean')`).
 */
object EinopsCatalog {
  /** One function: name, description, builder. */
  final case class Function(name: String, info: ExpressionInfo, builder: Seq[Expression] => Expression) {
    def identifier: FunctionIdentifier = FunctionIdentifier(name)
  }

  private def info(name: String, className: String, usage: String, arguments: Seq[(String, String)],
                   examples: Seq[(String, String)], group: String): ExpressionInfo = {
    val args = arguments.map { case (a, d) => s"      * $a - $d" }.mkString("\n    Arguments:\n", "\n", "\n  ")
    val ex = examples.map { case (q, r) => s"      > SELECT $q;\n       $r" }.mkString("\n    Examples:\n", "\n", "\n  ")
    new ExpressionInfo(className, null, name, usage, args, ex, "", group, "0.1.0", "", "")
  }

  private val Tensor = "t" -> ("a tensor column: nested arrays, the struct<shape: array<int>, data: array<T>>, a flat " +
    "array or a Vector, with elements float, double, int, bigint or boolean")
  private val Lengths = "lengths" -> "optional, a constant map of axis names to lengths: map('h1', 2, 'w1', 2)"

  private def transform(name: String, op: Operation, signature: String, usage: String, withReduction: Boolean,
                        examples: Seq[(String, String)]): Function = {
    val builder = (args: Seq[Expression]) => {
      val a = new Arguments(name, args)
      a.build({
        val fixed = if (withReduction) 3 else 2
        a.arity(fixed, fixed + 1, signature)
        val pattern = a.string(1, "pattern")
        val reduction = if (withReduction) a.string(2, "reduction") else null
        EinopsTransform(a.tensor(0), RowTransform.of(op, pattern, reduction, a.lengths(fixed), false),
          EinopsColumns.currentMode())
      }, EinopsCallError)
    }
    val arguments = Seq(Tensor, "pattern" -> "a constant pattern describing one row's tensor, without the row axis") ++
      (if (withReduction) Seq("reduction" -> "min, max, sum, mean, prod, any or all") else Nil) :+ Lengths
    Function(name, info(name, classOf[EinopsTransform].getName, usage, arguments, examples, "array_funcs"), builder)
  }

  private def convert(name: String, target: TensorEncoding, usage: String, examples: Seq[(String, String)]) = {
    val builder = (args: Seq[Expression]) => {
      val a = new Arguments(name, args)
      a.build({ a.arity(1, 1, s"$name(t)"); EinopsTransform(a.tensor(0), new ConvertStep(target), EinopsColumns.currentMode()) },
        EinopsCallError)
    }
    Function(name, info(name, classOf[EinopsTransform].getName, usage, Seq(Tensor), examples, "array_funcs"), builder)
  }

  val functions: Seq[Function] = Seq(
    transform("einops_rearrange", Operation.REARRANGE, "einops_rearrange(t, pattern [, lengths])",
      "_FUNC_(t, pattern [, lengths]) - Rearranges each row's tensor: reorders, splits, merges, adds and removes " +
        "unit axes.", withReduction = false, Seq(
        "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)), 'h w -> w h')" -> "[[1,4],[2,5],[3,6]]",
        "_FUNC_(array(1, 2, 3, 4, 5, 6), '(h w) -> w h', map('h', 2))" -> "[1,4,2,5,3,6]")),
    transform("einops_reduce", Operation.REDUCE, "einops_reduce(t, pattern, reduction [, lengths])",
      "_FUNC_(t, pattern, reduction [, lengths]) - Reduces each row's tensor over the axes missing on the right.",
      withReduction = true, Seq(
        "_FUNC_(array(array(1.0, 2.0), array(3.0, 4.0)), 'h w -> w', 'mean')" -> "[2.0,3.0]",
        "_FUNC_(array(array(1, 5, 2, 7)), 'h (w 2) -> h w', 'max')" -> "[[5,7]]")),
    transform("einops_repeat", Operation.REPEAT, "einops_repeat(t, pattern [, lengths])",
      "_FUNC_(t, pattern [, lengths]) - Repeats each row's tensor along axes only the right side has.",
      withReduction = false, Seq(
        "_FUNC_(array(array(1, 2)), 'h w -> h w c', map('c', 3))" -> "[[[1,1,1],[2,2,2]]]",
        "_FUNC_(array(array(1, 2)), 'h w -> h (w 2)')" -> "[[1,1,2,2]]")),
    Function("einops_einsum", info("einops_einsum", classOf[EinopsEinsum].getName,
      "_FUNC_(pattern, t1, t2, ...) - Einstein summation of each row's tensors, with einops' readable axis names.",
      Seq("pattern" -> "a constant einsum pattern over one row's tensors: 'i j, j k -> i k'",
        "t1, t2, ..." -> "tensor columns, one per operand"), Seq(
        "_FUNC_('i j, j k -> i k', array(array(1, 2), array(3, 4)), array(array(1, 0), array(0, 1)))" ->
          "[[1,2],[3,4]]",
        "_FUNC_('i i ->', array(array(1, 2), array(3, 4)))" -> "5"), "array_funcs"),
      (args: Seq[Expression]) => {
        val a = new Arguments("einops_einsum", args)
        a.build({
          a.arity(2, Int.MaxValue, "einops_einsum(pattern, t1, t2, ...)")
          EinopsEinsum(a.string(0, "pattern"), args.indices.tail.map(a.tensor), EinopsColumns.currentMode())
        }, EinopsCallError)
      }),
    Function("einops_parse_shape", info("einops_parse_shape", classOf[EinopsParseShape].getName,
      "_FUNC_(t, pattern) - Names the axes of each row's tensor: a map of axis names to lengths.",
      Seq(Tensor, "pattern" -> "names, _ to skip an axis, ... for any number of axes"), Seq(
        "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)), 'h w')" -> "{\"h\":2,\"w\":3}",
        "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)), '_ w')" -> "{\"w\":3}"), "map_funcs"),
      (args: Seq[Expression]) => {
        val a = new Arguments("einops_parse_shape", args)
        a.build({ a.arity(2, 2, "einops_parse_shape(t, pattern)"); EinopsParseShape(a.tensor(0), a.string(1, "pattern")) },
          EinopsCallError)
      }),
    Function("einops_check_shape", info("einops_check_shape", classOf[EinopsCheckShape].getName,
      "_FUNC_(t, pattern [, lengths]) - Asserts each row's tensor shape and gives the tensor unchanged; fails the " +
        "query with einops' message where a shape does not fit (at analysis where the column's metadata tells).",
      Seq(Tensor, "pattern" -> "names of one row's axes, _ to skip one, ... for any number", Lengths), Seq(
        "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)), 'h w', map('w', 3))" -> "[[1,2,3],[4,5,6]]",
        "_FUNC_(tensor(array(2, 1), array(7, 8)), 'h 1')" -> "{\"shape\":[2,1],\"data\":[7,8]}"), "array_funcs"),
      (args: Seq[Expression]) => {
        val a = new Arguments("einops_check_shape", args)
        a.build({
          a.arity(2, 3, "einops_check_shape(t, pattern [, lengths])")
          EinopsColumns.checkShape(a.tensor(0), a.string(1, "pattern"), a.lengths(2))
        }, EinopsCallError)
      }),
    Function("tensor", info("tensor", classOf[CreateNamedStruct].getName,
      "_FUNC_(shape, data) - The tensor struct struct<shape: array<int>, data: array<T>> of a shape and its data in " +
        "C order.", Seq("shape" -> "an array of integer lengths", "data" -> "an array of the elements, in C order"), Seq(
        "_FUNC_(array(2, 2), array(1.0f, 2.0f, 3.0f, 4.0f))" -> "{\"shape\":[2,2],\"data\":[1.0,2.0,3.0,4.0]}"),
      "struct_funcs"),
      (args: Seq[Expression]) => {
        val a = new Arguments("tensor", args)
        a.build({
          a.arity(2, 2, "tensor(shape, data)")
          CreateNamedStruct(Seq(Literal("shape"), Cast(a(0), ArrayType(IntegerType, containsNull = false)),
            Literal("data"), a(1)))
        }, EinopsCallError)
      }),
    Function("tensor_shape", info("tensor_shape", classOf[TensorShape].getName,
      "_FUNC_(t) - The shape of each row's tensor, in any encoding.", Seq(Tensor), Seq(
        "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)))" -> "[2,3]",
        "_FUNC_(tensor(array(3, 1), array(7, 8, 9)))" -> "[3,1]"), "array_funcs"),
      (args: Seq[Expression]) => {
        val a = new Arguments("tensor_shape", args)
        a.build({ a.arity(1, 1, "tensor_shape(t)"); TensorShape(a.tensor(0)) }, EinopsCallError)
      }),
    convert("tensor_data", TensorEncoding.FLAT, "_FUNC_(t) - The elements of each row's tensor, in C order.", Seq(
      "_FUNC_(array(array(1, 2, 3), array(4, 5, 6)))" -> "[1,2,3,4,5,6]")),
    convert("tensor_to_nested", TensorEncoding.NESTED, "_FUNC_(t) - Each row's tensor as nested arrays.", Seq(
      "_FUNC_(tensor(array(2, 2), array(1, 2, 3, 4)))" -> "[[1,2],[3,4]]")),
    convert("tensor_to_struct", TensorEncoding.STRUCT,
      "_FUNC_(t) - Each row's tensor as the struct<shape: array<int>, data: array<T>>.", Seq(
        "_FUNC_(array(array(1, 2), array(3, 4)))" -> "{\"shape\":[2,2],\"data\":[1,2,3,4]}")),
    convert("tensor_to_flat", TensorEncoding.FLAT, "_FUNC_(t) - Each row's tensor as a flat array, in C order.", Seq(
      "_FUNC_(array(array(1, 2), array(3, 4)))" -> "[1,2,3,4]")),
    Function("einops_reduce_agg", info("einops_reduce_agg", classOf[dev.einops.spark.catalyst.EinopsReduceAgg].getName,
      "_FUNC_(t, pattern, reduction [, lengths]) - Reduces across rows: the pattern's first axis is the rows, and the " +
        "output does not have it. Per group with GROUP BY.", Seq(Tensor,
        "pattern" -> "a constant pattern whose first axis (the rows) is reduced: 'b c h w -> c'",
        "reduction" -> "min, max, sum, mean, prod, any or all", Lengths), Seq(
        "_FUNC_(t, 'b w -> w', 'sum') FROM VALUES (array(1, 2)), (array(3, 4)) AS tab(t)" -> "[4,6]",
        "g, _FUNC_(t, 'b w -> w', 'max') FROM VALUES (1, array(1, 5)), (1, array(3, 4)), (2, array(0, 9)) AS tab(g, t) " +
          "GROUP BY g ORDER BY g" -> "1\t[3,5]\n       2\t[0,9]"), "agg_funcs"),
      (args: Seq[Expression]) => {
        val a = new Arguments("einops_reduce_agg", args)
        a.build({
          a.arity(3, 4, "einops_reduce_agg(t, pattern, reduction [, lengths])")
          EinopsColumns.reduceAgg(a.tensor(0), BatchTransform.of(Operation.REDUCE, a.string(1, "pattern"),
            a.string(2, "reduction"), a.lengths(3), RowAxisKind.AGGREGATE))
        }, EinopsCallError)
      }),
    Function("einops_stack_agg", info("einops_stack_agg", classOf[dev.einops.spark.catalyst.EinopsStackAgg].getName,
      "_FUNC_(t, pattern, order [, lengths]) - Stacks the rows, ordered by order, into one tensor: the pattern's first axis is the " +
        "rows, and it moves on the output. Per group with GROUP BY.", Seq(Tensor,
        "pattern" -> "a constant pattern whose first axis (the rows) moves: 't h w -> h t w'",
        "order" -> "an expression whose values order the rows: distinct and not null", Lengths), Seq(
        "_FUNC_(t, 't w -> w t', i) FROM VALUES (2, array(3, 4)), (1, array(1, 2)) AS tab(i, t)" -> "[[1,3],[2,4]]"),
      "agg_funcs"),
      (args: Seq[Expression]) => {
        val a = new Arguments("einops_stack_agg", args)
        a.build({
          a.arity(3, 4, "einops_stack_agg(t, pattern, order [, lengths])")
          EinopsColumns.stackAgg(a.tensor(0), BatchTransform.of(Operation.REARRANGE, a.string(1, "pattern"), null,
            a.lengths(3), RowAxisKind.STACK), a(2))
        }, EinopsCallError)
      }),
    Function("einops_explode", info("einops_explode", classOf[EinopsExplode].getName,
      "_FUNC_(t, pattern [, lengths]) - Explodes each row's tensor into rows: the pattern's first axis is the rows, " +
        "and it leads an output composition. In the select list or LATERAL VIEW.", Seq(Tensor,
        "pattern" -> ("a constant pattern whose first axis (the rows) leads an output composition: " +
          "'b c (h p) (w q) -> (b h w) c p q'"), Lengths), Seq(
        "_FUNC_(array(1, 2, 3, 4), 'b (h p) -> (b h) p', map('p', 2))" -> "[1,2]\n       [3,4]"), "generator_funcs"),
      (args: Seq[Expression]) => {
        val a = new Arguments("einops_explode", args)
        a.build({
          a.arity(2, 3, "einops_explode(t, pattern [, lengths])")
          EinopsExplode(a.tensor(0), ExplodeTransform.of(Operation.REARRANGE, a.string(1, "pattern"), null, a.lengths(2)),
            EinopsColumns.currentMode(), indices = false)
        }, EinopsGeneratorCallError)
      }))
}
