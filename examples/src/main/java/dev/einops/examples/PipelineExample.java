package dev.einops.examples;

import dev.einops.Einops;
import dev.einops.layers.EinMix;
import dev.einops.layers.Rearrange;
import dev.einops.layers.Reduce;
import dev.einops.spark.LayerPipeline;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.tensor.TensorColumnType;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One pipeline of einops layers ({@code Rearrange}, a trainable {@code EinMix}, {@code Reduce}),
 * two ways: over a DataFrame column on an embedded {@code local[*]} session, each row being one
 * image (the pattern's first axis {@code b} is the rows), and on the driver as a SameDiff graph with
 * gradients. The two agree; a step of gradient descent on the driver changes the EinMix weights,
 * and the updated pipeline transforms the DataFrame again: fit on a sample on the driver, transform
 * the whole table on the cluster.
 *
 * <p>Run it from the repository root (a shell command, not Java):
 * <pre>
 * mvn -B -ntp -Pjob -DskipTests verify -pl examples -am -Djob.mainClass=dev.einops.examples.PipelineExample
 * </pre>
 */
public final class PipelineExample {
    private PipelineExample() {
    }

    public static void main(String[] args) {
        LayerPipeline pipeline = LayerPipeline.of(
                new Rearrange("b c h w -> b h w c"),                                    // channels last
                new EinMix("b h w c -> b h w d", "c d", "d", Map.of("c", 3, "d", 8)),   // per pixel, 3 -> 8 channels
                new Reduce("b (h 2) (w 2) d -> b d h w", "max"));                       // 2x2 max-pooling
        System.out.println(pipeline);
        Nd4j.getRandom().setSeed(1);
        INDArray images = Nd4j.rand(DataType.FLOAT, 32, 3, 8, 8);

        SparkSession spark = SparkSession.builder()
                .master("local[*]")
                .appName("einops-pipeline-example")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Dataset<Row> df = SparkEinops.fromArray(spark, images, "image", 4);   // columns index, image
            Dataset<Row> features = pipeline.transform(df, "image");
            System.out.println("DataFrame: image " + rowShape(df) + " per row -> " + rowShape(features)
                    + " per row, " + features.count() + " rows");
            INDArray distributed = SparkEinops.toArray(features, "image", "index");
            INDArray onDriver = pipeline.apply(images);
            System.out.println("driver:    " + Arrays.toString(images.shape()) + " -> "
                    + Arrays.toString(onDriver.shape()));
            claim("the DataFrame's results equal the driver's", onDriver.equalsWithEps(distributed, 1e-5));

            SameDiff sd = SameDiff.create();
            LayerPipeline.Graph graph = pipeline.toSameDiff(sd, sd.placeHolder("x", DataType.FLOAT, -1, 3, 8, 8));
            SDVariable loss = Einops.reduce(graph.output(), "b d h w -> ", "mean");   // a stand-in for a real loss
            sd.setLossVariables(loss);
            INDArray inGraph = sd.output(Map.of("x", images), graph.output().name()).get(graph.output().name());
            claim("the SameDiff graph's output equals the driver's", onDriver.equalsWithEps(inGraph, 1e-5));
            SDVariable weight = graph.parameters().get(1).weight();
            INDArray gradient = sd.calculateGradients(Map.of("x", images), weight.name()).get(weight.name());
            System.out.println("gradient of the loss with respect to " + weight.name() + ": "
                    + Arrays.toString(gradient.shape()));

            weight.getArr().subi(gradient.mul(0.1));                 // one step of gradient descent
            LayerPipeline updated = pipeline.withWeightsFrom(graph);
            INDArray updatedFeatures = SparkEinops.toArray(updated.transform(df, "image"), "image", "index");
            claim("the updated pipeline gives the same on the DataFrame as on the driver",
                    updated.apply(images).equalsWithEps(updatedFeatures, 1e-5));
        } finally {
            spark.stop();
        }
    }

    /** Prints a claim and whether it holds; one that does not stops the example. */
    private static void claim(String claim, boolean holds) {
        System.out.println(claim + ": " + holds);
        if (!holds) {
            throw new IllegalStateException("expected: " + claim);
        }
    }

    /** The shape of one row's tensor, which einops records in the column's metadata before any job runs. */
    private static String rowShape(Dataset<Row> df) {
        return Arrays.toString(df.schema().apply("image").metadata().getLongArray(TensorColumnType.SHAPE_KEY));
    }
}
