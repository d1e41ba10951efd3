package dev.einops.spark.catalyst;

import static dev.einops.spark.SparkAssertions.einopsFailure;
import static dev.einops.spark.SparkAssertions.jobsDuring;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.SparkEinops;
import dev.einops.spark.SparkTestSession;
import dev.einops.spark.functions;
import dev.einops.types.EinopsException;
import java.io.File;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** einops' shape assertion: at analysis where the column tells the shape, else on each row; the column unchanged. */
class EinopsCheckShapeTest {
    private final SparkSession spark = SparkTestSession.get();

    private Dataset<Row> fixture(String name) {
        return SparkEinops.readTensors(spark, new File(EinopsCheckShapeTest.class.getResource("/arrow-tensors/" + name)
                .getFile()).getAbsolutePath());
    }

    @Test
    void aKnownShapeIsCheckedAtOnceAndTheDataFrameComesBackUnchanged() {
        Dataset<Row> df = fixture("fixed.parquet");
        int[] jobs = new int[1];
        EinopsException e = einopsFailure(() -> jobs[0] = jobsDuring(
                () -> SparkEinops.checkShape(df, "image", "b c h w", Map.of("c", 3))));
        assertEquals(0, jobs[0]);
        assertTrue(e.getMessage().contains("Shape mismatch, 2 != 3: axis c has length 2 but should have length 3")
                && e.getMessage().contains("check_shape"), e.getMessage());

        Dataset<Row> checked = SparkEinops.checkShape(df, "image", "b c h w", Map.of("c", 2, "h", 3, "w", 4));
        assertEquals(df.schema(), checked.schema());
        assertEquals(df.orderBy("id").collectAsList(), checked.orderBy("id").collectAsList());
        assertTrue(einopsFailure(() -> SparkEinops.checkShape(df, "image", "b c h", Map.of())).getMessage()
                .contains("different number of dimensions"));
    }

    @Test
    void theRowAxisLengthCountsTheRows() {
        Dataset<Row> df = fixture("fixed.parquet");
        assertEquals(3, SparkEinops.checkShape(df, "image", "b c h w", Map.of("b", 3)).count());
        EinopsException e = einopsFailure(() -> SparkEinops.checkShape(df, "image", "b c h w", Map.of("b", 5)));
        assertTrue(e.getMessage().contains("Shape mismatch, 3 != 5"), e.getMessage());
    }

    @Test
    void shapesOnlyTheRowsTellAreCheckedOnEachRow() {
        Dataset<Row> df = fixture("variable.parquet");
        Dataset<Row> wide = df.select(col("id"), functions.checkShape(col("t"), "h w", Map.of("w", 3)).as("t"));
        assertEquals(df.select("id", "t").orderBy("id").collectAsList(), wide.orderBy("id").collectAsList());
        // the width is known at analysis ([-1, 3]): w = 4 fails at once
        assertThrows(AnalysisException.class,
                () -> df.select(functions.checkShape(col("t"), "h w", Map.of("w", 4))));
        // the height is not: row 1 (2 x 3) fails when the query runs
        Dataset<Row> oneHigh = df.select(functions.checkShape(col("t"), "h w", Map.of("h", 1)));
        EinopsException e = einopsFailure(oneHigh::collectAsList);
        assertTrue(e.getMessage().contains("Shape mismatch, 2 != 1: axis h has length 2 but should have length 1")
                || e.getMessage().contains("Shape mismatch, 0 != 1"), e.getMessage());
    }

    @Test
    void nestedArraysOfUnknownLengthsAreCheckedOnEachRowAndFeedAFollowingStep() {
        // transform() drops the recorded shape, so only the rows tell it
        Dataset<Row> images = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 4, 3, 2, 2), "image", 2)
                .selectExpr("index", "transform(image, x -> x) AS image");
        Dataset<Row> out = images.select(col("index"), functions.rearrange(
                functions.checkShape(col("image"), "c h w", Map.of("c", 3)), "c h w -> h w c").as("t"));
        assertEquals(4, out.count());
        assertTrue(einopsFailure(() -> images.select(functions.checkShape(col("image"), "c h w", Map.of("c", 1)))
                .collectAsList()).getMessage().contains("Shape mismatch, 3 != 1"));
    }
}
