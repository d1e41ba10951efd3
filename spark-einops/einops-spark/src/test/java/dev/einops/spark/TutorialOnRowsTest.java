package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertTensors;
import static dev.einops.spark.SparkAssertions.assertTensorsClose;

import dev.einops.Einops;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The einops tutorial's statements that keep the batch axis first and alone, with the batch as the
 * DataFrame's rows: each gives what the engine gives on the whole batch.
 */
class TutorialOnRowsTest {
    private final SparkSession spark = SparkTestSession.get();
    private final INDArray x = Nd4j.rand(DataType.FLOAT, 10, 8, 20, 40);   // b c h w, smaller than the tutorial's
    private final Dataset<Row> df = SparkEinops.fromArray(spark, x, "x", 3);
    private final Map<String, Integer> two = Map.of("h1", 2, "w1", 2);

    @Test
    void reorderingAndFlattening() {
        assertTensors(Einops.rearrange(x, "b c h w -> b h w c"), SparkEinops.rearrange(df, "x", "b c h w -> b h w c"), "x");
        assertTensors(Einops.rearrange(x, "b c h w -> b (c h w)"),
                SparkEinops.rearrange(df, "x", "b c h w -> b (c h w)"), "x");
    }

    @Test
    void spaceToDepthAndBack() {
        INDArray depth = Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", two);
        Dataset<Row> toDepth = SparkEinops.rearrange(df, "x", "b c (h h1) (w w1) -> b (h1 w1 c) h w", two);
        assertTensors(depth, toDepth, "x");
        assertTensors(Einops.rearrange(depth, "b (h1 w1 c) h w -> b c (h h1) (w w1)", two),
                SparkEinops.rearrange(toDepth, "x", "b (h1 w1 c) h w -> b c (h h1) (w w1)", two), "x");
    }

    @Test
    void poolingOfEveryKind() {
        assertTensorsClose(Einops.reduce(x, "b c h w -> b c", "mean"),
                SparkEinops.reduce(df, "x", "b c h w -> b c", "mean"), "x", 1e-6);
        assertTensors(Einops.reduce(x, "b c h w -> b c", "max"), SparkEinops.reduce(df, "x", "b c h w -> b c", "max"), "x");
        assertTensors(Einops.reduce(x, "b c (h h1) (w w1) -> b c h w", "max", two),
                SparkEinops.reduce(df, "x", "b c (h h1) (w w1) -> b c h w", "max", two), "x");
        assertTensors(Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"),
                SparkEinops.reduce(df, "x", "b c (h 2) (w 2) -> b c h w", "max"), "x");
        assertTensorsClose(Einops.reduce(x, "b c h w -> b c 1 1", "mean"),
                SparkEinops.reduce(df, "x", "b c h w -> b c 1 1", "mean"), "x", 1e-6);
    }

    @Test
    void sequencesAndVolumes() {
        INDArray sequence = Nd4j.rand(DataType.FLOAT, 10, 8, 100);
        Dataset<Row> sequences = SparkEinops.fromArray(spark, sequence, "s", 2);
        assertTensors(Einops.reduce(sequence, "b c (t 2) -> b c t", "max"),
                SparkEinops.reduce(sequences, "s", "b c (t 2) -> b c t", "max"), "s");
        assertTensorsClose(Einops.reduce(sequence, "b c (t t2) -> b c t", "mean", Map.of("t2", 4)),
                SparkEinops.reduce(sequences, "s", "b c (t t2) -> b c t", "mean", Map.of("t2", 4)), "s", 1e-6);
        INDArray volume = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 6, 8);
        assertTensors(Einops.reduce(volume, "b c (x 2) (y 2) (z 2) -> b c x y z", "max"), SparkEinops.reduce(
                SparkEinops.fromArray(spark, volume, "v", 2), "v", "b c (x 2) (y 2) (z 2) -> b c x y z", "max"), "v");
    }

    @Test
    void channelShufflesAndSplittingAnAxis() {
        assertTensors(Einops.rearrange(x, "b (g1 g2 c) h w-> b (g2 g1 c) h w", Map.of("g1", 2, "g2", 2)),
                SparkEinops.rearrange(df, "x", "b (g1 g2 c) h w-> b (g2 g1 c) h w", Map.of("g1", 2, "g2", 2)), "x");
        assertTensors(Einops.rearrange(x, "b (g c) h w-> b (c g) h w", Map.of("g", 4)),
                SparkEinops.rearrange(df, "x", "b (g c) h w-> b (c g) h w", Map.of("g", 4)), "x");
        assertTensors(Einops.rearrange(x, "b c x (y z) -> b c x y z", Map.of("z", 20)),
                SparkEinops.rearrange(df, "x", "b c x (y z) -> b c x y z", Map.of("z", 20)), "x");
    }
}
