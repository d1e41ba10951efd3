package dev.einops.spark;

import dev.einops.spark.catalyst.EinopsColumns;
import dev.einops.spark.catalyst.EinopsRegistry;
import dev.einops.spark.catalyst.PlannerInstaller;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * einops as column functions, for {@code select} and {@code withColumn}: one per SQL function, built
 * from the same table ({@code EinopsRegistry}). A function that gives one value per row sees one
 * row's tensor, so its pattern describes that tensor, without the row axis:
 * {@code rearrange(col("image"), "c h w -> h w c")}. (The DataFrame verbs of {@link SparkEinops} see
 * the column as a batch and name the row axis first: {@code b c h w -> b h w c}; so do
 * {@link #explode}, {@link #reduceAgg} and {@link #stackAgg}, which move rows.) With
 * {@code import static dev.einops.spark.functions.*} and {@code org.apache.spark.sql.functions.col}:
 *
 * <pre>{@code
 * df.select(rearrange(col("image"), "c h w -> h w c").as("hwc"),
 *           reduce(col("image"), "c (h 2) (w 2) -> c h w", "max").as("pooled"),
 *           repeat(col("mask"), "h w -> h w c", Map.of("c", 3)).as("mask3"),
 *           parseShape(col("image"), "c h w").as("dims"));   // {c -> 3, h -> 64, w -> 64}
 * }</pre>
 *
 * <p>The results are real Catalyst expressions: their type is known at analysis, consecutive steps on
 * one column run in one pass over blocks of rows, and {@code explain()} shows each pattern. A call
 * whose arguments are wrong fails at once with an {@link dev.einops.types.EinopsException}. The first
 * use installs the block planner in the active session. Over Spark Connect, where a client cannot
 * send Catalyst expressions, they are calls of the SQL functions by name ({@code einops_rearrange},
 * ...), which the server's session registers.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class functions {
    private functions() {
    }

    private static Column call(String name, Map<String, ? extends Number> axesLengths, Object... arguments) {
        if (SqlCalls.byName()) {
            return SqlCalls.call(name, axesLengths, arguments);
        }
        PlannerInstaller.installActive();
        return EinopsColumns.column(name, axesLengths, arguments);
    }

    /** Rearranges each row's tensor. */
    public static Column rearrange(Column tensor, String pattern) {
        return rearrange(tensor, pattern, Map.of());
    }

    /** {@link #rearrange(Column, String)} with the lengths of axes the tensor alone cannot tell. */
    public static Column rearrange(Column tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        return call(EinopsRegistry.Rearrange(), axesLengths, tensor, pattern);
    }

    /** Reduces each row's tensor with {@code reduction}, one of {@code min max sum mean prod any all}. */
    public static Column reduce(Column tensor, String pattern, String reduction) {
        return reduce(tensor, pattern, reduction, Map.of());
    }

    /** {@link #reduce(Column, String, String)} with axis lengths. */
    public static Column reduce(Column tensor, String pattern, String reduction,
                                Map<String, ? extends Number> axesLengths) {
        return call(EinopsRegistry.Reduce(), axesLengths, tensor, pattern, reduction);
    }

    /** Repeats each row's tensor along new axes whose lengths are numbers in the pattern. */
    public static Column repeat(Column tensor, String pattern) {
        return repeat(tensor, pattern, Map.of());
    }

    /** Repeats each row's tensor along new axes: {@code repeat(col("mask"), "h w -> h w c", Map.of("c", 3))}. */
    public static Column repeat(Column tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        return call(EinopsRegistry.Repeat(), axesLengths, tensor, pattern);
    }

    /** Einstein summation of each row's tensors: {@code einsum("i j, j k -> i k", col("a"), col("b"))}. */
    public static Column einsum(String pattern, Column... tensors) {
        Object[] arguments = new Object[tensors.length + 1];
        arguments[0] = pattern;
        System.arraycopy(tensors, 0, arguments, 1, tensors.length);
        return call(EinopsRegistry.Einsum(), Map.of(), arguments);
    }

    /** {@link #explode(Column, String, Map)} for a pattern whose lengths are all known. */
    public static Column explode(Column tensor, String pattern) {
        return explode(tensor, pattern, Map.of());
    }

    /**
     * Explodes each row's tensor into rows, a generator for {@code select}: the pattern names the row
     * axis first, and it leads an output composition, {@code explode(col("image"),
     * "b c (h p) (w q) -> (b h w) c p q", Map.of("p", 8, "q", 8))} giving each 8x8 patch as a row.
     */
    public static Column explode(Column tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        return call(EinopsRegistry.Explode(), axesLengths, tensor, pattern);
    }

    /**
     * The reduction across rows, an aggregate for {@code agg}: the pattern names the row axis first
     * and reduces it, {@code df.groupBy("label").agg(reduceAgg(col("image"), "b c h w -> c", "mean"))}.
     */
    public static Column reduceAgg(Column tensor, String pattern, String reduction) {
        return reduceAgg(tensor, pattern, reduction, Map.of());
    }

    /** {@link #reduceAgg(Column, String, String)} with axis lengths. */
    public static Column reduceAgg(Column tensor, String pattern, String reduction,
                                   Map<String, ? extends Number> axesLengths) {
        return call(EinopsRegistry.ReduceAgg(), axesLengths, tensor, pattern, reduction);
    }

    /**
     * The rows stacked in the order of {@code order} into one tensor, an aggregate for {@code agg}:
     * the pattern names the row axis first and moves it,
     * {@code df.groupBy("video").agg(stackAgg(col("frame"), "t c h w -> c t h w", col("t")))}.
     */
    public static Column stackAgg(Column tensor, String pattern, Column order) {
        return stackAgg(tensor, pattern, order, Map.of());
    }

    /** {@link #stackAgg(Column, String, Column)} with axis lengths. */
    public static Column stackAgg(Column tensor, String pattern, Column order, Map<String, ? extends Number> axesLengths) {
        return call(EinopsRegistry.StackAgg(), axesLengths, tensor, pattern, order);
    }

    /**
     * Names the axes of each row's tensor, a {@code map<string, bigint>}: {@code parseShape(col("image"), "c _ w")}
     * gives {@code {c -> 3, w -> 64}}. Reads the shapes only.
     */
    public static Column parseShape(Column tensor, String pattern) {
        return call(EinopsRegistry.ParseShape(), Map.of(), tensor, pattern);
    }

    /** The tensor struct {@code struct<shape: array<int>, data: array<T>>} of a shape and its data in C order. */
    public static Column tensor(Column shape, Column data) {
        return call(EinopsRegistry.Tensor(), Map.of(), shape, data);
    }

    /** The shape of each row's tensor, in any encoding, as {@code array<int>}. Reads the shapes only. */
    public static Column tensorShape(Column tensor) {
        return call(EinopsRegistry.TensorShape(), Map.of(), tensor);
    }

    /** Each row's tensor as a flat array of its elements in C order, the shape recorded in the column's metadata. */
    public static Column tensorToFlat(Column tensor) {
        return call(EinopsRegistry.TensorToFlat(), Map.of(), tensor);
    }

    /** Each row's tensor as nested arrays. */
    public static Column tensorToNested(Column tensor) {
        return call(EinopsRegistry.TensorToNested(), Map.of(), tensor);
    }

    /** Each row's tensor as the struct {@code struct<shape: array<int>, data: array<T>>}. */
    public static Column tensorToStruct(Column tensor) {
        return call(EinopsRegistry.TensorToStruct(), Map.of(), tensor);
    }

    /**
     * Asserts each row's tensor shape and gives the tensor unchanged: {@code checkShape(col("image"),
     * "c h w", Map.of("c", 3))}. The pattern names one row's axes as {@code parseShape}'s does;
     * what the column's type and metadata tell is checked at analysis, the rest on each row, failing
     * the query with einops' message.
     */
    public static Column checkShape(Column tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        return call(EinopsRegistry.CheckShape(), axesLengths, tensor, pattern);
    }

    /** {@link #checkShape(Column, String, Map)} checking the rank and the pattern's numbers only. */
    public static Column checkShape(Column tensor, String pattern) {
        return checkShape(tensor, pattern, Map.of());
    }
}
