package dev.einops.spark;

import static dev.einops.spark.functions.parseShape;
import static dev.einops.spark.functions.rearrange;
import static dev.einops.spark.functions.reduce;
import static dev.einops.spark.functions.repeat;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.spark.tensor.TensorEncoding;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Javadoc examples of the DataFrame API ({@link SparkEinops}, {@link functions}), run as written. */
class DataFrameJavadocExamplesTest {
    private final SparkSession spark = SparkTestSession.get();

    @Test
    void sparkEinops() throws Exception {
        // example: SparkEinops
        Dataset<Row> images = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 8, 3, 64, 64), "image", 2);
        SparkEinops.rearrange(images, "image", "b c h w -> b h w c");                     // channels last
        SparkEinops.reduce(images, "image", "b c (h 2) (w 2) -> b c h w", "max");         // 2x2 max-pooling
        SparkEinops.repeat(images, "image", "b c h w -> b c (h 2) (w 2)");                // upsampling
        Dataset<Row> flat = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 8, 3 * 64 * 64), "pixels", 2,
                TensorEncoding.FLAT);
        SparkEinops.rearrange(flat, "pixels", "b (c h w) -> b h w c", Map.of("c", 3, "h", 64));
        // end example
        assertEquals("[8, 64, 64, 3]", java.util.Arrays.toString(SparkEinops.toArray(
                SparkEinops.rearrange(images, "image", "b c h w -> b h w c"), "image", "index").shape()));
        assertEquals("[8, 3, 32, 32]", java.util.Arrays.toString(SparkEinops.toArray(
                SparkEinops.reduce(images, "image", "b c (h 2) (w 2) -> b c h w", "max"), "image", "index").shape()));
        assertEquals("[8, 3, 128, 128]", java.util.Arrays.toString(SparkEinops.toArray(
                SparkEinops.repeat(images, "image", "b c h w -> b c (h 2) (w 2)"), "image", "index").shape()));
        assertEquals("[8, 64, 64, 3]", java.util.Arrays.toString(SparkEinops.toArray(
                SparkEinops.rearrange(flat, "pixels", "b (c h w) -> b h w c", Map.of("c", 3, "h", 64)), "pixels", "index").shape()));
    }

    @Test
    void sparkEinopsfromArray() throws Exception {
        // example: SparkEinops#fromArray
        Dataset<Row> df = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 100, 3, 8, 8), "image", 4);
        df.schema();   // index: bigint, image: array<array<array<float>>>
        // end example
        assertEquals("struct<index:bigint,image:array<array<array<float>>>>", df.schema().simpleString());
    }

    @Test
    void sparkEinopstoArray() throws Exception {
        INDArray x = Nd4j.rand(DataType.FLOAT, 100, 3, 8, 8);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 4);
        // example: SparkEinops#toArray
        INDArray images = SparkEinops.toArray(df, "image", "index");   // [100, 3, 8, 8]
        // end example
        assertEquals(x, images);
    }

    @Test
    void functions() throws Exception {
        Dataset<Row> df = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 4, 3, 64, 64), "image", 2)
                .join(SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 4, 64, 64), "mask", 2), "index");
        // example: functions
        df.select(rearrange(col("image"), "c h w -> h w c").as("hwc"),
                  reduce(col("image"), "c (h 2) (w 2) -> c h w", "max").as("pooled"),
                  repeat(col("mask"), "h w -> h w c", Map.of("c", 3)).as("mask3"),
                  parseShape(col("image"), "c h w").as("dims"));   // {c -> 3, h -> 64, w -> 64}
        // end example
        Row row = df.select(rearrange(col("image"), "c h w -> h w c").as("hwc"),
                reduce(col("image"), "c (h 2) (w 2) -> c h w", "max").as("pooled"),
                repeat(col("mask"), "h w -> h w c", Map.of("c", 3)).as("mask3"),
                parseShape(col("image"), "c h w").as("dims")).first();
        assertEquals(64, row.getList(0).size());
        assertEquals(64, row.getList(2).size());
        assertEquals(Long.valueOf(64), row.getJavaMap(3).get("w"));
    }
}
