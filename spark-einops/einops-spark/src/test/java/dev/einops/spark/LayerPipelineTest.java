package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.layers.EinMix;
import dev.einops.layers.Rearrange;
import dev.einops.layers.Reduce;
import dev.einops.samediff.FiniteDifferences;
import dev.einops.types.EinopsException;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** One pipeline of layers, distributed over a DataFrame and as a SameDiff graph with gradients. */
class LayerPipelineTest {
    private final SparkSession spark = SparkTestSession.get();

    private static LayerPipeline pipeline() {
        return LayerPipeline.of(new Rearrange("b c h w -> b h w c"),
                new EinMix("b h w c -> b h w d", "c d", "d", Map.of("c", 3, "d", 4)),
                new Reduce("b (h 2) (w 2) d -> b d h w", "max"));
    }

    @AfterEach
    void released() {
        assertNoBlockMemory();
    }

    @Test
    void theDistributedRunTheDriverRunAndTheSameDiffGraphAgree() {
        LayerPipeline pipeline = pipeline();
        INDArray x = Nd4j.rand(DataType.FLOAT, 12, 3, 4, 6);
        INDArray onDriver = pipeline.apply(x);
        Dataset<Row> df = pipeline.transform(SparkEinops.fromArray(spark, x, "image", 3), "image");
        assertArrayEquals(new long[] {4, 2, 3}, df.schema().apply("image").metadata()
                .getLongArray(dev.einops.spark.tensor.TensorColumnType.SHAPE_KEY), "typed before any job");
        INDArray distributed = SparkEinops.toArray(df, "image", "index");
        assertTrue(onDriver.equalsWithEps(distributed, 1e-5), () -> onDriver + " vs " + distributed);
        SameDiff sd = SameDiff.create();
        LayerPipeline.Graph graph = pipeline.toSameDiff(sd, sd.placeHolder("x", DataType.FLOAT, -1, 3, 4, 6));
        INDArray inGraph = sd.output(Map.of("x", x), graph.output().name()).get(graph.output().name());
        assertTrue(onDriver.equalsWithEps(inGraph, 1e-5));
        String plan = df.queryExecution().explainString(org.apache.spark.sql.execution.SimpleMode$.MODULE$);
        assertTrue(plan.contains("rearrange 'b c h w -> b h w c' per row 'c h w -> h w c', then EinMix 'b h w c -> b h w d' weight 'c d' bias 'd', "
                + "then max-reduction"), plan);
    }

    @Test
    void gradientsOfTheGraphMatchFiniteDifferences() {
        LayerPipeline pipeline = pipeline();
        EinMix.Parameters<INDArray> p = pipeline.weights(1);
        LayerPipeline doubles = pipeline.withWeights(1, new EinMix.Parameters<>(p.weight().castTo(DataType.DOUBLE),
                p.bias().castTo(DataType.DOUBLE)));
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 2));
        FiniteDifferences.assertGradientsMatch(sd, doubles.toSameDiff(sd, x).output());
    }

    @Test
    void weightsFittedOnTheDriverTransformTheWholeDataFrame() {
        Nd4j.getRandom().setSeed(3);
        LayerPipeline truth = pipeline().withWeights(1, new EinMix.Parameters<>(Nd4j.randn(DataType.FLOAT, 3, 4),
                Nd4j.randn(DataType.FLOAT, 4)));
        INDArray all = Nd4j.rand(DataType.FLOAT, 64, 3, 4, 6);
        INDArray sample = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16));
        LayerPipeline model = pipeline();
        SameDiff sd = SameDiff.create();
        LayerPipeline.Graph graph = model.toSameDiff(sd, sd.placeHolder("x", DataType.FLOAT, -1, 3, 4, 6));
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 4, 2, 3);
        sd.loss().meanSquaredError("loss", label, graph.output(), null);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(0.05)).dataSetFeatureMapping("x")
                .dataSetLabelMapping("label").build());
        DataSet batch = new DataSet(sample, truth.apply(sample));
        double before = sd.output(Map.of("x", sample, "label", truth.apply(sample)), "loss").get("loss").getDouble(0);
        for (int i = 0; i < 60; i++) {
            sd.fit(batch);
        }
        double after = sd.output(Map.of("x", sample, "label", truth.apply(sample)), "loss").get("loss").getDouble(0);
        assertTrue(after < before / 4, "the fit lowers the loss: " + before + " -> " + after);
        LayerPipeline fitted = model.withWeightsFrom(graph);
        INDArray features = SparkEinops.toArray(fitted.transform(SparkEinops.fromArray(spark, all, "image", 4), "image"),
                "image", "index");
        assertTrue(fitted.apply(all).equalsWithEps(features, 1e-5));
        assertEquals(graph.parameters().get(1).weight().getArr(), fitted.weights(1).weight());
    }

    @Test
    void onlyLayersThatMapRowsToRowsRunOnADataFrame() {
        EinopsException moving = assertThrows(EinopsException.class, () -> LayerPipeline.of(
                new EinMix("b c -> c d", "c d", Map.of("c", 3, "d", 2))).transform(
                SparkEinops.fromArray(spark, Nd4j.rand(DataType.FLOAT, 4, 3), "t", 1), "t"));
        assertTrue(moving.getMessage().contains("must stay first and alone"), moving.getMessage());
        EinopsException other = assertThrows(EinopsException.class, () -> LayerPipeline.of("not a layer"));
        assertTrue(other.getMessage().contains("holds Rearrange, Reduce and EinMix layers, not String"), other.getMessage());
    }
}
