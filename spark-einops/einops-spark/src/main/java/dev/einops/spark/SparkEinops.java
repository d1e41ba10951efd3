package dev.einops.spark;

import dev.einops.types.EinopsException;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.catalyst.EinopsColumns;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.spark.transform.RowTransform;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.apache.spark.sql.types.StructField;

/**
 * einops on DataFrames: each verb sees a tensor column as one batch tensor whose first axis is the
 * DataFrame's rows, so its pattern starts with that row axis, {@code b c h w -> b h w c}. The
 * result replaces the column in place (same name, same position); other columns are untouched.
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
        return perRow(df, column, RowTransform.of(Operation.REARRANGE, pattern, null, axesLengths, true));
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
        return perRow(df, column, RowTransform.of(Operation.REDUCE, pattern, reduction, axesLengths, true));
    }

    /** Repeats each row's tensor along new axes: {@code repeat(df, "mask", "b h w -> b h w c", Map.of("c", 3))}. */
    public static Dataset<Row> repeat(Dataset<Row> df, String column, String pattern,
                                      Map<String, ? extends Number> axesLengths) {
        return perRow(df, column, RowTransform.of(Operation.REPEAT, pattern, null, axesLengths, true));
    }

    /** {@link #repeat(Dataset, String, String, Map)} whose new lengths are all numbers in the pattern. */
    public static Dataset<Row> repeat(Dataset<Row> df, String column, String pattern) {
        return repeat(df, column, pattern, Map.of());
    }

    private static Dataset<Row> perRow(Dataset<Row> df, String column, RowTransform transform) {
        StructField field = field(df, column, transform);
        TensorColumnType input;
        TensorColumnType output;
        try {
            input = TensorColumnType.of(field.dataType(), field.metadata());
            output = transform.outputType(input);
        } catch (EinopsException e) {
            throw inColumn(e, transform, column);
        }
        checkRowCount(df, transform);
        Column result = EinopsColumns.transform(df.col(quoted(column)), transform);
        return df.withColumn(column, result).withMetadata(column, output.metadata());
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

    /** A length given for the row axis asserts the number of rows, as the reference checks the batch's length. */
    private static void checkRowCount(Dataset<Row> df, RowTransform transform) {
        if (transform.expectedRowCount() >= 0) {
            long rows = df.count();
            if (rows != transform.expectedRowCount()) {
                throw new EinopsException("Shape mismatch, " + rows + " != " + transform.expectedRowCount()
                        + ": the row axis stands for the DataFrame's " + rows + " rows, but its length is given as "
                        + transform.expectedRowCount()).withContext(transform.label(), transform.pattern(), null,
                        transform.axesLengths());
            }
        }
    }

    static StructField field(Dataset<Row> df, String column, RowTransform transform) {
        String[] names = df.schema().fieldNames();
        if (column == null || !Arrays.asList(names).contains(column)) {
            throw new EinopsException("There is no column '" + column + "'; the DataFrame has " + Arrays.toString(names))
                    .withContext(transform.label(), transform.pattern(), null, transform.axesLengths());
        }
        return df.schema().apply(column);
    }

    private static EinopsException inColumn(EinopsException e, RowTransform transform, String column) {
        String reason = (e.reason() + " (column '" + column + "')");
        return new EinopsException(reason, e).withContext(transform.label(), transform.pattern(),
                e.inputShape(), transform.axesLengths());
    }

    static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
