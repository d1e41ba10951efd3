package dev.einops.spark;

import dev.einops.internal.recipe.Operation;
import dev.einops.spark.catalyst.EinopsColumns;
import dev.einops.spark.transform.BatchTransform;
import dev.einops.spark.transform.ExplodeTransform;
import dev.einops.spark.transform.RowAxisKind;
import dev.einops.spark.transform.RowTransform;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * einops as column functions, for {@code select} and {@code withColumn}. A column function gives one
 * value per row, so its pattern describes one row's tensor, without the row axis:
 * {@code rearrange(col("image"), "c h w -> h w c")}. (The DataFrame verbs of {@link SparkEinops} see
 * the column as a batch and name the row axis first: {@code b c h w -> b h w c}.) With
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
 * one column run in one pass over blocks of rows, and {@code explain()} shows each pattern. Over
 * Spark Connect, where a client cannot send Catalyst expressions, they are calls of the SQL
 * functions by name ({@code einops_rearrange}, ...), which the server's session registers.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class functions {
    private functions() {
    }

    /** Rearranges each row's tensor. */
    public static Column rearrange(Column tensor, String pattern) {
        return rearrange(tensor, pattern, Map.of());
    }

    /** {@link #rearrange(Column, String)} with the lengths of axes the tensor alone cannot tell. */
    public static Column rearrange(Column tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        if (SqlCalls.byName()) {
            return SqlCalls.call("einops_rearrange", axesLengths, tensor, pattern);
        }
        return EinopsColumns.transform(tensor, RowTransform.of(Operation.REARRANGE, pattern, null, axesLengths, false));
    }

    /** Reduces each row's tensor with {@code reduction}, one of {@code min max sum mean prod any all}. */
    public static Column reduce(Column tensor, String pattern, String reduction) {
        return reduce(tensor, pattern, reduction, Map.of());
    }

    /** {@link #reduce(Column, String, String)} with axis lengths. */
    public static Column reduce(Column tensor, String pattern, String reduction,
                                Map<String, ? extends Number> axesLengths) {
        if (SqlCalls.byName()) {
            return SqlCalls.call("einops_reduce", axesLengths, tensor, pattern, reduction);
        }
        return EinopsColumns.transform(tensor, RowTransform.of(Operation.REDUCE, pattern, reduction, axesLengths, false));
    }

    /** Repeats each row's tensor along new axes whose lengths are numbers in the pattern. */
    public static Column repeat(Column tensor, String pattern) {
        return repeat(tensor, pattern, Map.of());
    }

    /** Repeats each row's tensor along new axes: {@code repeat(col("mask"), "h w -> h w c", Map.of("c", 3))}. */
    public static Column repeat(Column tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        if (SqlCalls.byName()) {
            return SqlCalls.call("einops_repeat", axesLengths, tensor, pattern);
        }
        return EinopsColumns.transform(tensor, RowTransform.of(Operation.REPEAT, pattern, null, axesLengths, false));
    }

    /**
     * Explodes each row's tensor into rows, a generator for {@code select}: the pattern names the row
     * axis first, and it leads an output composition, {@code explode(col("image"),
     * "b c (h p) (w q) -> (b h w) c p q", Map.of("p", 8, "q", 8))} giving each 8x8 patch as a row.
     */
    public static Column explode(Column tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        if (SqlCalls.byName()) {
            return SqlCalls.call("einops_explode", axesLengths, tensor, pattern);
        }
        return EinopsColumns.explode(tensor, ExplodeTransform.of(Operation.REARRANGE, pattern, null, axesLengths),
                false);
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
        if (SqlCalls.byName()) {
            return SqlCalls.call("einops_reduce_agg", axesLengths, tensor, pattern, reduction);
        }
        return EinopsColumns.reduceAgg(tensor, BatchTransform.of(Operation.REDUCE, pattern, reduction, axesLengths,
                RowAxisKind.AGGREGATE));
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
        if (SqlCalls.byName()) {
            return SqlCalls.call("einops_stack_agg", axesLengths, tensor, pattern, order);
        }
        return EinopsColumns.stackAgg(tensor, BatchTransform.of(Operation.REARRANGE, pattern, null, axesLengths,
                RowAxisKind.STACK), order);
    }

    /**
     * Names the axes of each row's tensor, a {@code map<string, bigint>}: {@code parseShape(col("image"), "c _ w")}
     * gives {@code {c -> 3, w -> 64}}. Reads the shapes only.
     */
    public static Column parseShape(Column tensor, String pattern) {
        if (SqlCalls.byName()) {
            return SqlCalls.call("einops_parse_shape", Map.of(), tensor, pattern);
        }
        return EinopsColumns.parseShape(tensor, pattern);
    }
}
