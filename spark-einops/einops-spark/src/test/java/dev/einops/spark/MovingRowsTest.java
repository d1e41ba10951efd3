package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.assertTensors;
import static dev.einops.spark.SparkAssertions.assertTensorsClose;
import static dev.einops.spark.SparkAssertions.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Patterns that move rows: explode, reductions across rows, stacks; the verbs decide the kind from the pattern. */
class MovingRowsTest {
    private final SparkSession spark = SparkTestSession.get();

    @AfterEach
    void released() {
        assertNoBlockMemory();
    }

    @Test
    void explodeTurnsEachRowIntoItsPatchesInOrder() {
        INDArray x = tensor(DataType.FLOAT, 5, 3, 4, 6);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 2).selectExpr("index", "image", "index * 10 AS tag");
        Dataset<Row> patches = SparkEinops.rearrange(df, "image", "b c (h p1) (w p2) -> (b h w) c p1 p2",
                Map.of("p1", 2, "p2", 3));
        assertArrayEquals(new String[] {"index", "image", "tag"}, patches.columns());
        INDArray want = Einops.rearrange(x, "b c (h p1) (w p2) -> (b h w) c p1 p2", Map.of("p1", 2, "p2", 3));
        List<Row> rows = patches.collectAsList();   // within a partition, rows come in (b, h, w) order
        assertEquals(want.size(0), rows.size());
        Dataset<Row> numbered = SparkEinops.rearrange(df, "image", "b c (h p1) (w p2) -> (b h w) c p1 p2",
                Map.of("p1", 2, "p2", 3), true).selectExpr("index * 4 + h * 2 + w AS index", "image", "tag");
        assertTensors(want, numbered, "image");
        for (Row row : rows) {
            assertEquals(row.getLong(0) * 10, row.getLong(2), "each patch carries its image's other columns");
        }
        long previous = -1;
        for (Row row : patches.coalesce(1).collectAsList()) {
            assertTrue(row.getLong(0) >= previous, "a row's patches stay together, in input order");
            previous = row.getLong(0);
        }
        assertTrue(patches.queryExecution().explainString(org.apache.spark.sql.execution.SimpleMode$.MODULE$)
                .contains("EinopsExplode [rearrange 'b c (h p1) (w p2) -> (b h w) c p1 p2' per row "
                        + "'c (h p1) (w p2) -> (h w) c p1 p2'"));
    }

    @Test
    void aReductionAcrossRowsGivesOneRowAndPerGroupOneRowPerGroup() {
        INDArray x = tensor(DataType.FLOAT, 12, 3, 4, 4);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 3);
        Dataset<Row> means = SparkEinops.reduce(df, "image", "b c h w -> c", "mean");
        assertArrayEquals(new String[] {"image"}, means.columns());
        INDArray got = SparkEinops.toArray(means.selectExpr("0L AS index", "image"), "image", "index");
        assertTrue(Einops.reduce(x, "b c h w -> 1 c", "mean").equalsWithEps(got, 1e-5), got::toString);
        Dataset<Row> labelled = df.selectExpr("index", "image", "index % 3 AS label");
        Dataset<Row> perLabel = SparkEinops.reduce(labelled.groupBy("label"), "image", "b c h w -> c h w", "max");
        assertArrayEquals(new String[] {"label", "image"}, perLabel.columns());
        INDArray byLabel = SparkEinops.toArray(perLabel.withColumnRenamed("label", "index"), "image", "index");
        for (int label = 0; label < 3; label++) {
            INDArray rows = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(label, 3, 12));
            assertEquals(Einops.reduce(rows, "b c h w -> c h w", "max"), byLabel.slice(label));
        }
        INDArray onDriver = SparkEinops.reduceToArray(df, "image", "b c h w -> c", "mean");
        assertTrue(Einops.reduce(x, "b c h w -> c", "mean").equalsWithEps(onDriver, 1e-5));
    }

    @Test
    void stackingNeedsAnOrderAndFollowsIt() {
        INDArray x = tensor(DataType.INT, 6, 2, 3);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "frame", 3).selectExpr("5 - index AS t", "frame");
        Dataset<Row> clip = SparkEinops.rearrange(df, "frame", "t h w -> h t w", "t");
        INDArray reversed = Nd4j.stack(0, x.slice(5), x.slice(4), x.slice(3), x.slice(2), x.slice(1), x.slice(0));
        assertTensors(Einops.rearrange(reversed, "t h w -> 1 h t w"), clip.selectExpr("0L AS index", "frame"), "frame");
        dev.einops.types.EinopsException noOrder = org.junit.jupiter.api.Assertions.assertThrows(
                dev.einops.types.EinopsException.class, () -> SparkEinops.rearrange(df, "frame", "t h w -> h t w"));
        assertTrue(noOrder.getMessage().contains("needs their order: name an order column"), noOrder.getMessage());
        Dataset<Row> videos = df.selectExpr("t", "frame", "t % 2 AS video");
        Dataset<Row> clips = SparkEinops.rearrange(videos.groupBy("video"), "frame", "t h w -> h (t w)", "t");
        INDArray both = SparkEinops.toArray(clips.withColumnRenamed("video", "index"), "frame", "index");
        assertEquals(Einops.rearrange(Nd4j.stack(0, x.slice(5), x.slice(3), x.slice(1)), "t h w -> h (t w)"),
                both.slice(0));
    }
}
