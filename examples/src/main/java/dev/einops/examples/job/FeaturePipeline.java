package dev.einops.examples.job;

import dev.einops.spark.SparkEinops;
import dev.einops.spark.ml.EinopsNormalizer;
import dev.einops.spark.ml.EinopsTransformer;
import dev.einops.spark.ml.ImageTensorizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The main job's feature pipeline, each stage an einops call on a tensor column (row axis first):
 *
 * <pre>
 *   image      Spark's image struct (BGR bytes)
 *   pixels     ImageTensorizer                                   h w c, RGB in [0, 1]
 *   tensor     rearrange  b h w c -> b c h w
 *   normalized EinopsNormalizer  b c h w -> c                    per-channel mean and std over all rows
 *   pooled     reduce     b c (h 2) (w 2) -> b c h w  max        2x2 max-pooling
 *   features   rearrange  b c (h h1) (w w1) -> b (h1 w1 c) h w   space-to-depth, h1 = w1 = 2
 * </pre>
 *
 * then, beside the pipeline, patches as rows ({@code b c (h p1) (w p2) -> (b h w) c p1 p2} on
 * {@code pooled}) and the mean image of each label ({@code b c h w -> c h w} on {@code tensor}, per
 * group). Input that already holds tensors ({@code c h w}) starts at {@code tensor}.
 */
public final class FeaturePipeline {
    /** The height and width of a patch, taken from the pooled image. */
    public static final int PATCH = 8;
    public static final String TO_CHANNELS_FIRST = "b h w c -> b c h w";
    public static final String STATISTICS = "b c h w -> c";
    public static final String POOLING = "b c (h 2) (w 2) -> b c h w";
    public static final String SPACE_TO_DEPTH = "b c (h h1) (w w1) -> b (h1 w1 c) h w";
    public static final String PATCHES = "b c (h p1) (w p2) -> (b h w) c p1 p2";
    public static final String LABEL_MEAN = "b c h w -> c h w";

    private FeaturePipeline() {
    }

    /** The pipeline's stages: from Spark's image struct in {@code image}, or from tensors in {@code tensor}. */
    public static Pipeline pipeline(boolean fromImages, int size) {
        List<PipelineStage> stages = new ArrayList<>();
        if (fromImages) {
            stages.add(new ImageTensorizer().setInputCol("image").setOutputCol("pixels").setSize(size));
            stages.add(new EinopsTransformer().setInputCol("pixels").setOutputCol("tensor")
                    .setPattern(TO_CHANNELS_FIRST));
        }
        stages.add(new EinopsNormalizer().setInputCol("tensor").setOutputCol("normalized").setPattern(STATISTICS));
        stages.add(new EinopsTransformer().setInputCol("normalized").setOutputCol("pooled").setPattern(POOLING)
                .setOperation("reduce").setReduction("max"));
        stages.add(new EinopsTransformer().setInputCol("pooled").setOutputCol("features").setPattern(SPACE_TO_DEPTH)
                .setAxesLengths(Map.of("h1", 2, "w1", 2)));
        return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
    }

    /** Each image's pooled tensor as {@code PATCH x PATCH} patches, a row each, with their grid position {@code h, w}. */
    public static Dataset<Row> patches(Dataset<Row> transformed) {
        Dataset<Row> pooled = transformed.select("origin", "label", "pooled");
        return SparkEinops.rearrange(pooled, "pooled", PATCHES, Map.of("p1", PATCH, "p2", PATCH), true)
                .withColumnRenamed("pooled", "patch");
    }

    /** The mean image ({@code c h w}, values in [0, 1]) of each label. */
    public static Dataset<Row> labelMeans(Dataset<Row> transformed) {
        return SparkEinops.reduce(transformed.select("label", "tensor").groupBy("label"), "tensor", LABEL_MEAN, "mean")
                .withColumnRenamed("tensor", "mean_image");
    }
}
