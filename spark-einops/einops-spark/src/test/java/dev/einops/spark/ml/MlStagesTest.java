package dev.einops.spark.ml;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.assertTensors;
import static dev.einops.spark.SparkAssertions.assertTensorsClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.SparkTestSession;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.types.EinopsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Spark ML stages: each against the engine on the whole array, persisted and reloaded, and their errors. */
class MlStagesTest {
    private final SparkSession spark = SparkTestSession.get();

    @AfterEach
    void released() {
        assertNoBlockMemory();
    }

    private Dataset<Row> images(INDArray x) {
        return SparkEinops.fromArray(spark, x, "image", 3);
    }

    @Test
    void transformerRunsEachOperationAsTheEngineDoesOnTheWholeArray() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 12, 3, 8, 6);
        Dataset<Row> df = images(x);
        EinopsTransformer pool = new EinopsTransformer().setInputCol("image").setOutputCol("pooled")
                .setPattern("b c (h 2) (w 2) -> b c h w").setOperation("reduce").setReduction("max");
        Dataset<Row> pooled = pool.transform(df);
        assertTensors(Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"), pooled.orderBy("index"), "pooled");
        assertTensors(x, pooled.orderBy("index"), "image");

        EinopsTransformer toDepth = new EinopsTransformer().setInputCol("image").setOutputCol("image")
                .setPattern("b c (h h1) (w w1) -> b (h1 w1 c) h w").setAxesLengths(Map.of("h1", 2, "w1", 2));
        assertTensors(Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2)),
                toDepth.transform(df).orderBy("index"), "image");

        EinopsTransformer up = new EinopsTransformer().setInputCol("image").setOutputCol("up")
                .setPattern("b c h w -> b c (h 2) w").setOperation("repeat");
        assertTensors(Einops.repeat(x, "b c h w -> b c (h 2) w"), up.transform(df).orderBy("index"), "up");
    }

    @Test
    void transformerMovesRowsWhenThePatternDoes() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 3, 8, 8);
        EinopsTransformer patches = new EinopsTransformer().setInputCol("image").setOutputCol("patch")
                .setPattern("b c (h p1) (w p2) -> (b h w) c p1 p2").setAxesLengths(Map.of("p1", 4, "p2", 4));
        Dataset<Row> out = patches.transform(images(x));
        assertEquals(5 * 2 * 2, out.count());
        assertEquals(columnType(out, "patch").shape().length, 3);
    }

    @Test
    void transformSchemaIsTheSchemaOfTheTransformAndRunsNoJob() {
        Dataset<Row> df = images(Nd4j.rand(DataType.FLOAT, 4, 3, 4, 4));
        EinopsTransformer t = new EinopsTransformer().setInputCol("image").setOutputCol("hwc")
                .setPattern("b c h w -> b h w c");
        StructType schema = t.transformSchema(df.schema());
        assertEquals(t.transform(df).schema(), schema);
        assertArrayEquals(new long[] {4, 4, 3}, TensorColumnType.of(schema.apply("hwc").dataType(), schema.apply("hwc").metadata()).shape());
    }

    @Test
    void badStagesFailAtAnalysisNamingThePattern() {
        Dataset<Row> df = images(Nd4j.rand(DataType.FLOAT, 4, 3, 4, 4));
        EinopsException e = assertThrows(EinopsException.class, () -> new EinopsTransformer().setInputCol("image")
                .setOutputCol("x").setPattern("b c h w -> b c (h 3) w").transform(df));
        assertTrue(e.getMessage().contains("b c h w -> b c (h 3) w"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EinopsTransformer().setOperation("explode"));
        EinopsException composed = assertThrows(EinopsException.class, () -> new EinopsNormalizer()
                .setInputCol("image").setOutputCol("image").setPattern("b (c h) w -> c").fit(
                        images(Nd4j.rand(DataType.FLOAT, 4, 6, 4))));
        assertTrue(composed.getMessage().contains("b (c h) w -> c"), composed.getMessage());
        Dataset<Row> ints = SparkEinops.fromArray(spark, Nd4j.arange(24).castTo(DataType.INT).reshape(2, 3, 4), "x", 1);
        EinopsException integers = assertThrows(EinopsException.class, () -> new EinopsNormalizer()
                .setInputCol("x").setOutputCol("x").setPattern("b c h -> c").fit(ints));
        assertTrue(integers.getMessage().contains("floating"), integers.getMessage());
    }

    @Test
    void normalizerFitsPerChannelStatisticsAcrossRowsAndItsModelNormalisesEveryRow() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 30, 3, 4, 6).muli(4).addi(Nd4j.create(new float[] {1, 5, -3})
                .reshape(1, 3, 1, 1).broadcast(30, 3, 4, 6));
        Dataset<Row> df = images(x);
        EinopsNormalizerModel model = new EinopsNormalizer().setInputCol("image").setOutputCol("normal")
                .setPattern("b c h w -> c").fit(df);
        INDArray perChannel = x.permute(1, 0, 2, 3).dup('c').reshape(3, -1).castTo(DataType.DOUBLE);
        INDArray mean = perChannel.mean(1);
        INDArray std = perChannel.std(false, 1);
        assertTrue(Nd4j.create(model.getMean()).equalsWithEps(mean, 1e-5), () -> mean + " vs " + model.getMean()[0]);
        assertTrue(Nd4j.create(model.getStd()).equalsWithEps(std, 1e-4), () -> std + " vs " + model.getStd()[0]);
        assertArrayEquals(new int[] {3}, model.getShape());

        INDArray want = x.castTo(DataType.DOUBLE)
                .sub(mean.reshape(1, 3, 1, 1).broadcast(30, 3, 4, 6))
                .div(std.reshape(1, 3, 1, 1).broadcast(30, 3, 4, 6)).castTo(DataType.FLOAT);
        Dataset<Row> normal = model.transform(df).orderBy("index");
        assertTensorsClose(want, normal, "normal", 1e-4);
        assertTensors(x, normal, "image");
        INDArray back = SparkEinops.toArray(normal, "normal", "index");
        INDArray channelMeans = Einops.reduce(back, "b c h w -> c", "mean");
        assertTrue(channelMeans.equalsWithEps(Nd4j.zeros(DataType.FLOAT, 3), 1e-4), channelMeans::toString);
    }

    @Test
    void normalizerFitsEveryEncodingWhoseShapeIsInTheMetadata() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 3, 2, 2);
        INDArray want = Einops.reduce(x.castTo(DataType.DOUBLE), "b c h w -> c", "mean");
        for (TensorEncoding encoding : List.of(TensorEncoding.FLAT, TensorEncoding.STRUCT)) {
            Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 2, encoding);
            EinopsNormalizerModel model = new EinopsNormalizer().setInputCol("image").setOutputCol("normal")
                    .setPattern("b c h w -> c").fit(df);
            assertTrue(Nd4j.create(model.getMean()).equalsWithEps(want, 1e-5), encoding::toString);
            INDArray out = SparkEinops.toArray(model.transform(df), "normal", "index");
            assertTrue(Einops.reduce(out, "b c h w -> c", "mean").equalsWithEps(Nd4j.zeros(DataType.FLOAT, 3), 1e-4));
        }
    }

    @Test
    void statisticsCanVaryAlongSeveralAxes() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 20, 2, 3, 4);
        EinopsNormalizerModel model = new EinopsNormalizer().setInputCol("image").setOutputCol("image")
                .setPattern("b c h w -> h c").fit(images(x));
        assertArrayEquals(new int[] {3, 2}, model.getShape());
        INDArray want = Einops.reduce(x.castTo(DataType.DOUBLE), "b c h w -> h c", "mean");
        assertTrue(Nd4j.create(model.getMean(), new long[] {3, 2}, DataType.DOUBLE).equalsWithEps(want, 1e-5));
        INDArray out = SparkEinops.toArray(model.transform(images(x)), "image", "index");
        assertTrue(Einops.reduce(out, "b c h w -> h c", "mean").equalsWithEps(Nd4j.zeros(DataType.FLOAT, 3, 2), 1e-4));
    }

    @Test
    void aFittedPipelineSavedAndReloadedGivesIdenticalFeatures(@TempDir Path dir) throws Exception {
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 3, 8, 8);
        Dataset<Row> df = images(x);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new EinopsNormalizer().setInputCol("image").setOutputCol("image").setPattern("b c h w -> c"),
            new EinopsTransformer().setInputCol("image").setOutputCol("image").setPattern("b c (h 2) (w 2) -> b c h w")
                    .setOperation("reduce").setReduction("max"),
            new EinopsTransformer().setInputCol("image").setOutputCol("features")
                    .setPattern("b c (h h1) (w w1) -> b (h1 w1 c) h w").setAxesLengths(Map.of("h1", 2, "w1", 2)),
        });
        PipelineModel fitted = pipeline.fit(df);
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        assertTrue(Files.isDirectory(dir.resolve("pipeline").resolve("stages")));
        PipelineModel reloaded = PipelineModel.load(path);
        INDArray first = SparkEinops.toArray(fitted.transform(df), "features", "index");
        INDArray second = SparkEinops.toArray(reloaded.transform(df), "features", "index");
        assertArrayEquals(new long[] {16, 12, 2, 2}, first.shape());
        assertEquals(first, second);
        EinopsNormalizerModel normalizer = (EinopsNormalizerModel) reloaded.stages()[0];
        assertArrayEquals(((EinopsNormalizerModel) fitted.stages()[0]).getMean(), normalizer.getMean());
        EinopsTransformer toDepth = (EinopsTransformer) reloaded.stages()[2];
        assertEquals(2L, toDepth.getAxesLengths().apply("h1"));

        Pipeline unfitted = Pipeline.load(savedUnfitted(pipeline, dir.resolve("unfitted")));
        assertEquals(3, unfitted.getStages().length);
    }

    private static String savedUnfitted(Pipeline pipeline, Path path) throws Exception {
        pipeline.write().overwrite().save(path.toString());
        return path.toString();
    }

    @Test
    void tensorizerTurnsImageStructsOfEveryKindIntoRgbTensors() {
        byte[] bgr = {10, 20, (byte) 255, 0, 0, 0};           // 1 x 2: (B10 G20 R255), black
        byte[] grey = {(byte) 51, (byte) 102};                  // 1 x 2
        byte[] bgra = {1, 2, 3, 4, 5, 6, 7, 8};                 // 1 x 2, alpha dropped
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(RowFactory.create("bgr.png", 1, 2, 3, 16, bgr)));
        rows.add(RowFactory.create(RowFactory.create("grey.png", 1, 2, 1, 0, grey)));
        rows.add(RowFactory.create(RowFactory.create("bgra.png", 1, 2, 4, 24, bgra)));
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("image", ImageSchema.columnSchema(), true)));
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        ImageTensorizer tensorizer = new ImageTensorizer().setInputCol("image").setOutputCol("pixels");
        List<Row> out = tensorizer.transform(df).select("pixels").collectAsList();
        assertEquals(List.of(255 / 255f, 20 / 255f, 10 / 255f, 0f, 0f, 0f), out.get(0).getList(0));
        assertEquals(List.of(0.2f, 0.2f, 0.2f, 0.4f, 0.4f, 0.4f), out.get(1).getList(0));
        assertEquals(List.of(3 / 255f, 2 / 255f, 1 / 255f, 7 / 255f, 6 / 255f, 5 / 255f), out.get(2).getList(0));

        Exception wrongSize = assertThrows(Exception.class, () -> new ImageTensorizer().setInputCol("image")
                .setOutputCol("pixels").setSize(2).transform(df).collect());
        assertTrue(causes(wrongSize).contains("'bgr.png' is 1 x 2"), causes(wrongSize));
    }

    @Test
    void aTensorizerOfKnownSizeFeedsTheEinopsStagesWithItsShape() {
        byte[] data = new byte[4 * 4 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("image", ImageSchema.columnSchema(), true)));
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(RowFactory.create("a", 4, 4, 3, 16, data))),
                schema).withColumn("index", org.apache.spark.sql.functions.lit(0L));
        Dataset<Row> pixels = new ImageTensorizer().setInputCol("image").setOutputCol("pixels").setSize(4).transform(df);
        assertArrayEquals(new long[] {4, 4, 3}, columnType(pixels, "pixels").shape());
        Dataset<Row> chw = new EinopsTransformer().setInputCol("pixels").setOutputCol("chw")
                .setPattern("b h w c -> b c h w").transform(pixels);
        INDArray hwc = Nd4j.create(DataType.FLOAT, 1, 4, 4, 3);
        for (int p = 0; p < 16; p++) {
            for (int c = 0; c < 3; c++) {
                hwc.putScalar(new long[] {0, p / 4, p % 4, c}, (data[p * 3 + 2 - c] & 0xff) / 255f);
            }
        }
        assertTensors(Einops.rearrange(hwc, "b h w c -> b c h w"), chw, "chw");
    }

    private static TensorColumnType columnType(Dataset<Row> df, String column) {
        return TensorColumnType.of(df.schema().apply(column).dataType(), df.schema().apply(column).metadata());
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }
}
