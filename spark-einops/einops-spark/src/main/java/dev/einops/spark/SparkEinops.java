package dev.einops.spark;

import dev.einops.types.EinopsException;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.tensor.TensorEncoding;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * einops on DataFrames: each verb sees a tensor column as one batch tensor whose first axis is the
 * DataFrame's rows, so its pattern starts with that row axis, {@code b c h w -> b h w c}. Where the
 * pattern puts the row axis decides how the call runs:
 * <ul>
 *   <li>first and alone ({@code b c h w -> b h w c}): each row maps to one row, and the result
 *       replaces the column in place (same name, same position; other columns untouched);</li>
 *   <li>first in an output composition ({@code b c (h p) (w q) -> (b h w) c p q}): each row explodes
 *       into rows, in (b, h, w) order, carrying the row's other columns;</li>
 *   <li>absent ({@link #reduce reduce} with {@code b c h w -> c}): the reduction across all rows, one
 *       row (per group with the {@link RelationalGroupedDataset} overloads; on the driver with
 *       {@link #reduceToArray});</li>
 *   <li>anywhere else ({@code t c h w -> c t h w}): the rows stacked into one tensor in the order of a
 *       named column (per group with the grouped overloads).</li>
 * </ul>
 *
 * <pre>{@code
 * Dataset<Row> images = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 8, 3, 64, 64), "image", 2);
 * SparkEinops.rearrange(images, "image", "b c h w -> b h w c");                     // channels last
 * SparkEinops.reduce(images, "image", "b c (h 2) (w 2) -> b c h w", "max");         // 2x2 max-pooling
 * SparkEinops.repeat(images, "image", "b c h w -> b c (h 2) (w 2)");                // upsampling
 * Dataset<Row> flat = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 8, 3 * 64 * 64), "pixels", 2,
 *         TensorEncoding.FLAT);
 * SparkEinops.rearrange(flat, "pixels", "b (c h w) -> b h w c", Map.of("c", 3, "h", 64));
 * }</pre>
 *
 * <p>Patterns are compiled once, on the driver; the result's type and, where every row has the same,
 * its shape (recorded in the column's metadata) are known before any job runs, so a pattern that
 * cannot fit the column fails at once with an {@link EinopsException}. Rows run through the engine
 * in blocks (see {@code spark.einops.block.rows} and {@code spark.einops.block.bytes}); a malformed
 * row fails the query or, with {@code spark.einops.mode=PERMISSIVE}, gives null. Nothing needs to be
 * registered first: the first call installs the block planner in the session.
 *
 * <p>A length given for the row axis ({@code Map.of("b", 32)}) asserts the number of rows, as the
 * reference checks a batch's length; checking it counts the rows, which runs a job.
 *
 * <p>To write the result into a new column, use {@link functions}, whose patterns describe one row's
 * tensor: {@code df.withColumn("hwc", functions.rearrange(col("image"), "c h w -> h w c"))}.
 */
public final class SparkEinops {
    private SparkEinops() {
    }

    /** Rearranges each row's tensor: {@code rearrange(df, "image", "b c h w -> b h w c")}. */
    public static Dataset<Row> rearrange(Dataset<Row> df, String column, String pattern) {
        return rearrange(df, column, pattern, Map.of());
    }

    /** {@link #rearrange(Dataset, String, String)} with the lengths of axes the tensor alone cannot tell. */
    public static Dataset<Row> rearrange(Dataset<Row> df, String column, String pattern,
                                         Map<String, ? extends Number> axesLengths) {
        return RowVerbs.apply(df, column, new VerbCall(Operation.REARRANGE, pattern, null, axesLengths), false);
    }

    /**
     * {@link #rearrange(Dataset, String, String, Map)} for a pattern that explodes rows
     * ({@code b c (h p) (w q) -> (b h w) c p q}), adding after the tensor column one int column per
     * exploded axis (named after it: {@code h}, {@code w}) holding each exploded row's index along it.
     */
    public static Dataset<Row> rearrange(Dataset<Row> df, String column, String pattern,
                                         Map<String, ? extends Number> axesLengths, boolean indexColumns) {
        return RowVerbs.apply(df, column, new VerbCall(Operation.REARRANGE, pattern, null, axesLengths), indexColumns);
    }

    /**
     * Reduces each row's tensor with {@code reduction} ({@code min max sum mean prod any all}):
     * {@code reduce(df, "image", "b c (h 2) (w 2) -> b c h w", "max")}.
     */
    public static Dataset<Row> reduce(Dataset<Row> df, String column, String pattern, String reduction) {
        return reduce(df, column, pattern, reduction, Map.of());
    }

    /** {@link #reduce(Dataset, String, String, String)} with axis lengths. */
    public static Dataset<Row> reduce(Dataset<Row> df, String column, String pattern, String reduction,
                                      Map<String, ? extends Number> axesLengths) {
        return RowVerbs.apply(df, column, new VerbCall(Operation.REDUCE, pattern, reduction, axesLengths), false);
    }

    /** Repeats each row's tensor along new axes: {@code repeat(df, "mask", "b h w -> b h w c", Map.of("c", 3))}. */
    public static Dataset<Row> repeat(Dataset<Row> df, String column, String pattern,
                                      Map<String, ? extends Number> axesLengths) {
        return RowVerbs.apply(df, column, new VerbCall(Operation.REPEAT, pattern, null, axesLengths), false);
    }

    /** {@link #repeat(Dataset, String, String, Map)} whose new lengths are all numbers in the pattern. */
    public static Dataset<Row> repeat(Dataset<Row> df, String column, String pattern) {
        return repeat(df, column, pattern, Map.of());
    }

    /**
     * Stacks the rows of {@code df}, ordered by the column {@code orderBy}, into one tensor along the
     * row axis, wherever the pattern puts it: {@code rearrange(frames, "frame", "t c h w -> c t h w", "t")}
     * makes one clip of all frames. The result is one row, the tensor column alone. Order keys must be
     * distinct and not null; at most {@code spark.einops.stack.maxBytes} of tensors are stacked.
     */
    public static Dataset<Row> rearrange(Dataset<Row> df, String column, String pattern, String orderBy) {
        return rearrange(df, column, pattern, Map.of(), orderBy);
    }

    /** {@link #rearrange(Dataset, String, String, String)} with axis lengths. */
    public static Dataset<Row> rearrange(Dataset<Row> df, String column, String pattern,
                                         Map<String, ? extends Number> axesLengths, String orderBy) {
        return AcrossRows.stackAll(df, column, new VerbCall(Operation.REARRANGE, pattern, null, axesLengths), orderBy);
    }

    /**
     * One stacked tensor per group, each group's rows ordered by {@code orderBy}:
     * {@code rearrange(frames.groupBy("video"), "frame", "t c h w -> c t h w", "t")} gives a row per
     * video, its grouping columns and its clip.
     */
    public static Dataset<Row> rearrange(RelationalGroupedDataset grouped, String column, String pattern,
                                         String orderBy) {
        return rearrange(grouped, column, pattern, Map.of(), orderBy);
    }

    /** {@link #rearrange(RelationalGroupedDataset, String, String, String)} with axis lengths. */
    public static Dataset<Row> rearrange(RelationalGroupedDataset grouped, String column, String pattern,
                                         Map<String, ? extends Number> axesLengths, String orderBy) {
        return AcrossRows.stackGroups(grouped, column, new VerbCall(Operation.REARRANGE, pattern, null, axesLengths),
                orderBy);
    }

    /**
     * Reduces across the rows of each group: {@code reduce(images.groupBy("label"), "image",
     * "b c h w -> c", "mean")} gives one row per label, its grouping columns and the per-channel mean
     * of its images. Each partition reduces its rows block by block; Spark merges the partial results.
     */
    public static Dataset<Row> reduce(RelationalGroupedDataset grouped, String column, String pattern,
                                      String reduction) {
        return reduce(grouped, column, pattern, reduction, Map.of());
    }

    /** {@link #reduce(RelationalGroupedDataset, String, String, String)} with axis lengths. */
    public static Dataset<Row> reduce(RelationalGroupedDataset grouped, String column, String pattern,
                                      String reduction, Map<String, ? extends Number> axesLengths) {
        return AcrossRows.reduceGroups(grouped, column, new VerbCall(Operation.REDUCE, pattern, reduction, axesLengths));
    }

    /**
     * The reduction across all rows, returned to the driver as an ND4J array: the executors reduce
     * their rows block by block and Spark merges the partial results in a tree
     * ({@code spark.einops.treeAggregate.depth}), so the driver never receives one per partition.
     *
     * <pre>{@code
     * INDArray channelMeans = SparkEinops.reduceToArray(images, "image", "b c h w -> c", "mean");   // [3]
     * }</pre>
     */
    public static INDArray reduceToArray(Dataset<Row> df, String column, String pattern, String reduction) {
        return reduceToArray(df, column, pattern, reduction, Map.of());
    }

    /** {@link #reduceToArray(Dataset, String, String, String)} with axis lengths. */
    public static INDArray reduceToArray(Dataset<Row> df, String column, String pattern, String reduction,
                                         Map<String, ? extends Number> axesLengths) {
        return AcrossRows.reduceToArray(df, column, new VerbCall(Operation.REDUCE, pattern, reduction, axesLengths));
    }

    /**
     * A DataFrame of {@code array}'s first axis as rows: column {@code index} (bigint, the position
     * along that axis) and {@code column}, each row's tensor as nested arrays, with the row shape
     * recorded in the column's metadata. For arrays that fit on the driver.
     *
     * <pre>{@code
     * Dataset<Row> df = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 100, 3, 8, 8), "image", 4);
     * df.schema();   // index: bigint, image: array<array<array<float>>>
     * }</pre>
     */
    public static Dataset<Row> fromArray(SparkSession spark, INDArray array, String column, int numPartitions) {
        return fromArray(spark, array, column, numPartitions, TensorEncoding.NESTED);
    }

    /**
     * {@link #fromArray(SparkSession, INDArray, String, int)} in another tensor-column encoding: the
     * tensor struct, a flat array (the row shape in the metadata), or a Spark ML Vector (rows of one
     * axis of doubles).
     */
    public static Dataset<Row> fromArray(SparkSession spark, INDArray array, String column, int numPartitions,
                                         TensorEncoding encoding) {
        return DriverArrays.fromArray(spark, array, column, numPartitions, encoding);
    }

    /**
     * The tensors of {@code column} stacked on the driver along a new first axis, rows ordered by
     * the column {@code orderBy}: the reverse of {@link #fromArray}. Every row must have the same
     * shape and no tensor may be null.
     *
     * <pre>{@code
     * INDArray images = SparkEinops.toArray(df, "image", "index");   // [100, 3, 8, 8]
     * }</pre>
     */
    public static INDArray toArray(Dataset<Row> df, String column, String orderBy) {
        return DriverArrays.toArray(df, column, orderBy);
    }
}
