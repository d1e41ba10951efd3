package dev.einops.spark;

import static dev.einops.spark.functions.parseShape;
import static dev.einops.spark.functions.rearrange;
import static dev.einops.spark.functions.reduce;
import static dev.einops.spark.functions.repeat;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.layers.EinMix;
import dev.einops.layers.Rearrange;
import dev.einops.layers.Reduce;
import dev.einops.nd4j.Nd4jBackend;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.exec.UnsafeLayoutWriter;
import dev.einops.spark.memory.Slab;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.tensor.UnsafeLayout;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.transform.BlockStep;
import dev.einops.spark.transform.MixStep;
import dev.einops.spark.transform.MixWeights;
import dev.einops.spark.transform.RowTransform;
import dev.einops.types.ElementType;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.nd4j.autodiff.samediff.SameDiff;
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

    @Test
    void blockStep() throws Exception {
        // example: BlockStep
        BlockStep step = RowTransform.of(Operation.REARRANGE, "a b -> b a", null, Map.of(), false);
        INDArray block = Nd4j.arange(6).castTo(DataType.FLOAT).reshape(1, 2, 3);   // one row of [2, 3]
        step.apply(block, new Nd4jBackend(), false).shape();                       // [1, 3, 2]
        // end example
        assertArrayEquals(new long[] {1, 3, 2}, step.apply(block, new Nd4jBackend(), false).shape());
    }

    @Test
    void imageWriter() throws Exception {
        // example: UnsafeLayoutWriter
        INDArray result = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, DataType.FLOAT);   // 2 rows of 2
        TensorColumnType flat = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2});
        try (TaskMemory memory = TaskMemory.open("example"); Slab slab = new Slab(memory.allocator())) {
            UnsafeLayout image = UnsafeLayoutWriter.write(result, 1, flat, slab);
            float[] second = ((ArrayData) image.value(slab.address() + image.bytes())).toFloatArray();   // [3, 4]
        }
        // end example
        try (TaskMemory memory = TaskMemory.open("check"); Slab slab = new Slab(memory.allocator())) {
            UnsafeLayout image = UnsafeLayoutWriter.write(result, 1, flat, slab);
            assertArrayEquals(new float[] {3, 4}, ((ArrayData) image.value(slab.address() + image.bytes())).toFloatArray());
        }
    }

    @Test
    void layerPipeline() throws Exception {
        Dataset<Row> images = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 6, 3, 8, 8), "image", 2);
        // example: LayerPipeline
        LayerPipeline pipeline = LayerPipeline.of(
                new Rearrange("b c h w -> b h w c"),
                new EinMix("b h w c -> b h w d", "c d", "d", Map.of("c", 3, "d", 4)),
                new Reduce("b h w d -> b d", "mean"));
        SameDiff sd = SameDiff.create();
        LayerPipeline.Graph graph = pipeline.toSameDiff(sd, sd.placeHolder("x", DataType.FLOAT, -1, 3, 8, 8));
        // ... train graph.output() in sd, then:
        LayerPipeline fitted = pipeline.withWeightsFrom(graph);
        Dataset<Row> features = fitted.transform(images, "image");   // image: [3, 8, 8] per row -> [4] per row
        // end example
        assertArrayEquals(new long[] {6, 4}, SparkEinops.toArray(features, "image", "index").shape());
    }

    @Test
    void mixStep() throws Exception {
        // example: MixStep
        EinMix mix = new EinMix("b c -> b d", "c d", Map.of("c", 3, "d", 2));
        MixWeights weights = MixWeights.of(mix.initialParameters(DataType.FLOAT, 7));
        MixStep step = new MixStep(mix, () -> weights);
        step.outputType(TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {3}));
                                                             // flat float32 tensors of shape [2]
        // end example
        assertEquals("flat float32 tensors of shape [2]",
                step.outputType(TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {3})).toString());
    }

    @Test
    void mixWeights() throws Exception {
        // example: MixWeights
        MixWeights w = MixWeights.of(new EinMix.Parameters<>(Nd4j.ones(DataType.FLOAT, 3, 4), null));
        w.parameters().weight().shape();   // [3, 4]
        // end example
        assertArrayEquals(new long[] {3, 4}, w.parameters().weight().shape());
    }

    @Test
    void sparkEinopsReduceToArray() throws Exception {
        Dataset<Row> images = SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 6, 3, 4, 4), "image", 2);
        // example: SparkEinops#reduceToArray
        INDArray channelMeans = SparkEinops.reduceToArray(images, "image", "b c h w -> c", "mean");   // [3]
        // end example
        assertArrayEquals(new long[] {3}, channelMeans.shape());
    }

    @Test
    void sqlCalls() {
        // example: SqlCalls
        SqlCalls.call("einops_rearrange", Map.of(), col("image"), "c h w -> h w c");
        // call_function("einops_rearrange", image, 'c h w -> h w c')
        // end example
        assertEquals("einops_rearrange(image, 'c h w -> h w c')",
                SqlCalls.call("einops_rearrange", Map.of(), col("image"), "c h w -> h w c").toString());
    }
}
