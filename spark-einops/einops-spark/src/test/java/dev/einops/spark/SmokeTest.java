package dev.einops.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import dev.einops.spark.memory.EinopsMemory;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SmokeTest {
    @Test
    void rearrangeRoundTrip() {
        SparkSession spark = SparkTestSession.get();
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 3, 4, 5);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 3);
        df.printSchema();
        Dataset<Row> out = SparkEinops.rearrange(df, "image", "b c h w -> b h w c");
        out.printSchema();
        System.out.println(out.schema().apply("image").metadata());
        out.explain();
        INDArray back = SparkEinops.toArray(out, "image", "index");
        assertEquals(Einops.rearrange(x, "b c h w -> b h w c"), back);
        Dataset<Row> pooled = SparkEinops.reduce(df, "image", "b c (h 2) w -> b c h", "max");
        assertEquals(Einops.reduce(x, "b c (h 2) w -> b c h", "max"), SparkEinops.toArray(pooled, "image", "index"));
        Dataset<Row> chained = SparkEinops.repeat(SparkEinops.rearrange(df, "image", "b c h w -> b w h c"), "image", "b w h c -> b w (h 2) c");
        chained.explain();
        assertEquals(Einops.repeat(Einops.rearrange(x, "b c h w -> b w h c"), "b w h c -> b w (h 2) c"), SparkEinops.toArray(chained, "image", "index"));
        assertEquals(0, EinopsMemory.allocatedBytes());
    }
}
