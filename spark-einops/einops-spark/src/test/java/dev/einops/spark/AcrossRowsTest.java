package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.assertTensors;
import static dev.einops.spark.SparkAssertions.einopsFailure;
import static dev.einops.spark.SparkAssertions.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reductions across rows and stacks: the tutorial's dataset statistics and stacks, groups of every
 * size and spread, retries of failed tasks, and the errors of each.
 */
class AcrossRowsTest {
    private final SparkSession spark = SparkTestSession.get();

    @AfterEach
    void released() {
        spark.conf().unset("spark.einops.stack.maxBytes");
        spark.conf().unset("spark.einops.aggregate.block.bytes");
        assertNoBlockMemory();
    }

    @Test
    void perChannelMeanAndStandardDeviationOverADatasetThenNormalisation() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 40, 3, 8, 8).muli(5).addi(2);
        Dataset<Row> images = SparkEinops.fromArray(spark, x, "image", 4);
        INDArray mean = SparkEinops.reduceToArray(images, "image", "b c h w -> c", "mean");
        INDArray squares = SparkEinops.reduceToArray(images.selectExpr("index",
                "transform(image, c -> transform(c, r -> transform(r, v -> v * v))) AS image"), "image",
                "b c h w -> c", "mean");
        INDArray std = org.nd4j.linalg.ops.transforms.Transforms.sqrt(squares.sub(mean.mul(mean)));
        assertTrue(Einops.reduce(x, "b c h w -> c", "mean").equalsWithEps(mean, 1e-5));
        INDArray wantStd = x.permute(1, 0, 2, 3).reshape('c', 3, -1).std(false, 1);
        assertTrue(wantStd.equalsWithEps(std, 1e-4), () -> wantStd + " vs " + std);
        // normalising: a per-row step whose constants come from the reduction
        String[] m = new String[3];
        for (int c = 0; c < 3; c++) {
            m[c] = "transform(c" + c + ", r -> transform(r, v -> (v - " + mean.getFloat(c) + "f) / " + std.getFloat(c) + "f))";
        }
        Dataset<Row> normalised = images.selectExpr("index", "array(" + String.join(", ", m)
                .replace("c0", "image[0]").replace("c1", "image[1]").replace("c2", "image[2]") + ") AS image");
        INDArray z = SparkEinops.reduceToArray(normalised, "image", "b c h w -> c", "mean");
        assertTrue(org.nd4j.linalg.ops.transforms.Transforms.abs(z).maxNumber().doubleValue() < 1e-4, z::toString);
    }

    @Test
    void stackingTenImagesAndReadingThemBack() {
        INDArray x = tensor(DataType.FLOAT, 10, 6, 4, 3);
        Dataset<Row> images = SparkEinops.fromArray(spark, x, "image", 3);
        Dataset<Row> row = SparkEinops.rearrange(images, "image", "b h w c -> h (b w) c", "index");
        INDArray strip = SparkEinops.toArray(row.selectExpr("0L AS index", "image"), "image", "index").slice(0);
        assertEquals(Einops.rearrange(x, "b h w c -> h (b w) c"), strip);
        assertEquals(x, Einops.rearrange(strip, "h (b w) c -> b h w c", Map.of("b", 10)));
    }

    @Test
    void groupsOfEverySizeAndSpread() {
        INDArray x = tensor(DataType.DOUBLE, 60, 2, 3);
        // label 0 holds most rows (skew), label 7 one row, and every label sits in every partition
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "t", 6)
                .selectExpr("index", "t", "CASE WHEN index = 59 THEN 7 WHEN index % 10 = 0 THEN 1 ELSE 0 END AS label")
                .repartition(5);
        List<Row> sums = SparkEinops.reduce(df.groupBy("label"), "t", "b x y -> x", "sum").orderBy("label")
                .collectAsList();
        assertEquals(3, sums.size());
        int[][] members = {new int[0], new int[0], new int[0]};
        List<List<Integer>> byLabel = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 60; i++) {
            byLabel.get(i == 59 ? 2 : i % 10 == 0 ? 1 : 0).add(i);
        }
        for (int g = 0; g < 3; g++) {
            INDArray rows = Nd4j.stack(0, byLabel.get(g).stream().map(i -> x.slice(i)).toArray(INDArray[]::new));
            double[] want = Einops.reduce(rows, "b x y -> x", "sum").toDoubleVector();
            double[] got = sums.get(g).getList(1).stream().mapToDouble(v -> (Double) v).toArray();
            assertArrayEquals(want, got, 1e-9, "label " + sums.get(g).get(0));
        }
    }

    /** Passes each index through, but fails the first attempt of a task once it reaches index 23. */
    private static final UserDefinedFunction FAIL_FIRST_ATTEMPT = org.apache.spark.sql.functions.udf(
            (UDF1<Long, Long> & java.io.Serializable) i -> {
                if (TaskContext.get().attemptNumber() == 0 && i == 23) {
                    throw new IllegalStateException("injected failure of the first attempt");
                }
                return i;
            }, DataTypes.LongType).asNondeterministic();

    @Test
    void retriedTasksGiveTheSameResultsAndReleaseEveryBlock() {
        spark.conf().set("spark.einops.aggregate.block.bytes", "100");   // a block per row or two
        INDArray x = tensor(DataType.INT, 40, 2, 4);
        Dataset<Row> flaky = SparkEinops.fromArray(spark, x, "t", 3)
                .withColumn("index", FAIL_FIRST_ATTEMPT.apply(org.apache.spark.sql.functions.col("index")));
        assertEquals(Einops.reduce(x, "b h w -> h", "max"), SparkEinops.reduceToArray(flaky, "t", "b h w -> h", "max"));
        assertEquals(Einops.reduce(x, "b h w -> h w", "sum"), SparkEinops.reduceToArray(flaky, "t", "b h w -> h w", "sum"));
        assertTensors(Einops.rearrange(x, "b h (w p) -> (b w) h p", Map.of("p", 2)),
                SparkEinops.rearrange(flaky, "t", "b h (w p) -> (b w) h p", Map.of("p", 2), true)
                        .selectExpr("index * 2 + w AS index", "t"), "t");
        INDArray stack = SparkEinops.toArray(SparkEinops.rearrange(flaky, "t", "b h w -> h b w", "index")
                .selectExpr("0L AS index", "t"), "t", "index").slice(0);
        assertEquals(Einops.rearrange(x, "b h w -> h b w"), stack);
        assertNoBlockMemory();
    }

    @Test
    void aGroupLargerThanTheStackLimitFailsNamingTheLimit() {
        spark.conf().set("spark.einops.stack.maxBytes", "200");
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 20, 4), "t", 2);
        EinopsException e = einopsFailure(() -> SparkEinops.rearrange(df, "t", "b x -> x b", "index").collect());
        assertTrue(e.getMessage().contains("more than spark.einops.stack.maxBytes = 200 bytes"), e.getMessage());
    }

    @Test
    void stacksNeedDistinctKeysAndRowsOfOneShape() {
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 4, 2), "t", 2);
        EinopsException duplicate = einopsFailure(() -> SparkEinops.rearrange(df.selectExpr("index % 2 AS k", "t"),
                "t", "b x -> x b", "k").collect());
        assertTrue(duplicate.getMessage().contains("two rows have the same order key"), duplicate.getMessage());
        EinopsException noColumn = org.junit.jupiter.api.Assertions.assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(df, "t", "b x -> x b", "frame"));
        assertTrue(noColumn.getMessage().contains("has no column 'frame'"), noColumn.getMessage());
        // as SQL's min: NULL when no value was aggregated (reduceToArray below keeps numpy's rule)
        assertTrue(SparkEinops.reduce(df.filter("index < 0"), "t", "b x -> x", "min").first().isNullAt(0));
        assertArrayEquals(new double[] {0, 0},
                SparkEinops.reduceToArray(df.filter("index < 0"), "t", "b x -> x", "sum").toDoubleVector());
    }

    @Test
    void reducingWithoutTheRowAxisStillMapsRowsAndRearrangingCannotDropIt() {
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 4, 2, 3), "t", 2);
        EinopsException e = org.junit.jupiter.api.Assertions.assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(df, "t", "b x y -> x y"));
        assertTrue(e.getMessage().contains("{b}"), e.getMessage());
    }

    /** One rule, as SQL's avg: NULL when no tensor was aggregated, whether there were no rows or only null ones. */
    @Test
    void aMeanOfNoRowsIsNullAsIsAMeanOfOnlyNullRows() {
        Dataset<Row> df = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 4, 3), "t", 2);
        Dataset<Row> none = df.filter("index < 0");
        Dataset<Row> nulls = df.selectExpr("index", "IF(index < 0, t, NULL) AS t");
        for (Dataset<Row> nothing : List.of(none, nulls)) {
            Row mean = nothing.agg(functions.reduceAgg(nothing.col("t"), "b c -> c", "mean")).first();
            assertTrue(mean.isNullAt(0), "a mean of nothing is NULL, got " + mean);
            Row sum = nothing.agg(functions.reduceAgg(nothing.col("t"), "b c -> c", "sum")).first();
            assertTrue(sum.isNullAt(0), "a sum of nothing is NULL, got " + sum);
        }
    }
}
