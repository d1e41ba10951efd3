package dev.einops.examples;

import static dev.einops.spark.functions.tensorToStruct;
import static org.apache.spark.sql.functions.col;

import dev.einops.Einops;
import dev.einops.examples.job.FeaturePipeline;
import dev.einops.examples.job.JobInput;
import dev.einops.examples.job.JobOptions;
import dev.einops.examples.job.Previews;
import dev.einops.examples.job.StageLog;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.ml.EinopsNormalizerModel;
import dev.einops.spark.tensor.TensorColumnType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The main job: image feature preprocessing on Spark, as a Spark ML pipeline of einops stages.
 *
 * <p>It reads images (a folder of image files, sub-folders as labels; a Parquet table; or, with no
 * {@code --input}, a labelled dataset of drawn shapes it generates), brings every image to one shape,
 * fits and runs the pipeline of {@link FeaturePipeline} (tensors {@code c h w}; per-channel mean and
 * standard deviation over the whole dataset; normalisation; 2x2 max-pooling; space-to-depth), cuts
 * patches into rows, takes the mean image of each label, and writes under {@code --output}:
 * {@code features/} (a row per image), {@code patches/}, {@code label_means/} (Parquet, tensors as
 * {@code struct<shape, data>}), {@code pipeline/} (the fitted pipeline, reloadable with
 * {@code PipelineModel.load}) and {@code previews/} (PNG pictures of one image after each stage, the
 * patches and the label means). It prints each stage as it runs and a summary at the end.
 *
 * <p>Run it from the repository root (shell commands, not Java):
 * <pre>
 * mvn -B -ntp -Pjob -DskipTests verify                                        # builds, then runs it
 * mvn -B -ntp -Pjob -DskipTests verify -Djob.args="--input DIR --output DIR"
 * spark-submit --class dev.einops.examples.FeaturePreprocessingJob einops-examples-*-job.jar --help
 * </pre>
 */
public final class FeaturePreprocessingJob {
    private final JobOptions options;
    private final PrintStream out;

    public FeaturePreprocessingJob(JobOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        JobOptions options;
        try {
            options = JobOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n\n" + JobOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(JobOptions.USAGE);
            return;
        }
        try {
            new FeaturePreprocessingJob(options, System.out).run();
        } catch (RuntimeException e) {
            System.err.println("FeaturePreprocessingJob failed: " + reasons(e));
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs the job in a session of its own (stopped at the end) and returns what it wrote. */
    public JobReport run() {
        SparkSession spark = session();
        try {
            return run(spark);
        } finally {
            spark.stop();
        }
    }

    /** Runs the job in {@code spark}, which must have einops' SQL functions (the job's own session has). */
    public JobReport run(SparkSession spark) {
        long start = System.nanoTime();
        out.printf("einops feature preprocessing on Spark %s, master %s%n", spark.version(),
                spark.sparkContext().master());
        StageLog log = new StageLog(out);
        String output = options.output();
        JobInput[] input = new JobInput[1];
        log.run("read images", -1, "image " + options.size() + "x" + options.size() + "x3", () -> {
            input[0] = JobInput.load(spark, options, out);
            return input[0].used();
        });
        JobInput in = input[0];
        try {
            printInput(in);
            Dataset<Row> images = in.images();
            PipelineModel[] fitted = new PipelineModel[1];
            log.run("fit pipeline", in.used(), "per-channel mean and std", () -> {
                Pipeline pipeline = FeaturePipeline.pipeline(!in.tensors(), options.size());
                printStages(pipeline.getStages(), images.schema());
                fitted[0] = pipeline.fit(images);
                return in.used();
            });
            PipelineModel model = fitted[0];
            printStatistics(model);
            Dataset<Row> transformed = model.transform(images);

            String features = output + "/features";
            long featureRows = log.run("features", in.used(), "features " + shape(transformed, "features"), () -> {
                transformed.select(col("origin"), col("label"), tensorToStruct(col("features")).as("features"))
                        .write().mode(SaveMode.Overwrite).parquet(features);
                return spark.read().parquet(features).count();
            });
            Dataset<Row> patches = FeaturePipeline.patches(transformed);
            String patchPath = output + "/patches";
            long patchRows = log.run("patches", in.used(), "patch " + shape(patches, "patch"), () -> {
                patches.select(col("origin"), col("label"), col("h"), col("w"),
                        tensorToStruct(col("patch")).as("patch")).write().mode(SaveMode.Overwrite).parquet(patchPath);
                return spark.read().parquet(patchPath).count();
            });
            Dataset<Row> means = FeaturePipeline.labelMeans(transformed);
            String meanPath = output + "/label_means";
            long labels = log.run("label means", in.used(), "mean_image " + shape(means, "mean_image"), () -> {
                means.select(col("label"), tensorToStruct(col("mean_image")).as("mean_image"))
                        .write().mode(SaveMode.Overwrite).parquet(meanPath);
                return spark.read().parquet(meanPath).count();
            });
            String pipelinePath = output + "/pipeline";
            log.run("save pipeline", -1, pipelinePath, "stages", () -> {
                try {
                    model.write().overwrite().save(pipelinePath);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return (long) model.stages().length;
            });
            Previews previews = new Previews(output + "/previews", spark.sparkContext().hadoopConfiguration());
            log.run("previews", -1, output + "/previews", "pictures", () -> {
                writePreviews(previews, transformed, patches, spark.read().parquet(meanPath), in);
                return (long) previews.written().size();
            });

            JobReport report = new JobReport(in.files(), in.used(), in.skipped(), featureRows, patchRows, labels,
                    features, patchPath, meanPath, pipelinePath, previews.written(), log.stages());
            printSummary(report, log, (System.nanoTime() - start) / 1_000_000);
            return report;
        } finally {
            in.close();
        }
    }

    /**
     * What a run wrote.
     *
     * @param files     files (or table rows) read
     * @param used      images used
     * @param skipped   files left out, by reason
     * @param features  rows written to {@code featuresPath}, one per image used
     * @param patches   rows written to {@code patchesPath}
     * @param labels    rows written to {@code labelMeansPath}, one per label
     */
    public record JobReport(long files, long used, Map<String, Long> skipped, long features, long patches, long labels,
                            String featuresPath, String patchesPath, String labelMeansPath, String pipelinePath,
                            List<String> previews, List<StageLog.Stage> stages) {
    }

    private SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder().appName("einops FeaturePreprocessingJob")
                .config("spark.sql.extensions", "dev.einops.spark.sql.EinopsSparkSessionExtensions")
                .config("spark.ui.showConsoleProgress", "false");
        String master = options.master() != null ? options.master()
                : new SparkConf().contains("spark.master") ? null : "local[*]";
        if (master != null) {
            builder.master(master);
        }
        if (master != null && master.startsWith("local") && !options.work().contains("://")) {
            // a local run writes nothing outside its work directory
            Path work = Path.of(options.work()).toAbsolutePath();
            builder.config("spark.local.dir", work.resolve("spark-local").toString())
                    .config("spark.sql.warehouse.dir", work.resolve("spark-warehouse").toUri().toString());
        }
        return builder.getOrCreate();
    }

    private void printInput(JobInput in) {
        out.printf("    %s: %d %s read, %d used, %d skipped%n", in.description(), in.files(),
                in.description().startsWith("folder") ? "files" : "rows", in.used(), in.files() - in.used());
        in.skipped().forEach((reason, count) -> out.printf("      skipped %d: %s%n", count, reason));
        in.examples().forEach(example -> out.println("        " + example));
        List<Row> perLabel = in.images().groupBy("label").count().orderBy("label").collectAsList();
        out.println("    labels: " + String.join(", ", perLabel.stream()
                .map(r -> r.getString(0) + " (" + r.getLong(1) + ")").toList()));
    }

    /** Each stage with its pattern and the shape of the column it writes, known before any job runs. */
    private void printStages(PipelineStage[] stages, StructType schema) {
        StructType current = schema;
        for (PipelineStage stage : stages) {
            current = stage.transformSchema(current);
            String column = (String) stage.getOrDefault(stage.getParam("outputCol"));
            String pattern = (String) stage.getOrDefault(stage.getParam("pattern"));
            out.printf("    %-18s %-40s -> %-10s %s%n", stage.getClass().getSimpleName(), pattern, column,
                    shape(current.apply(column)));
        }
    }

    private void printStatistics(PipelineModel model) {
        for (Transformer stage : model.stages()) {
            if (stage instanceof EinopsNormalizerModel normalizer) {
                out.println("    channel means " + rounded(normalizer.getMean()) + ", standard deviations "
                        + rounded(normalizer.getStd()));
            }
        }
    }

    private void writePreviews(Previews previews, Dataset<Row> transformed, Dataset<Row> patches, Dataset<Row> means,
                               JobInput in) {
        String sample = in.images().select("origin").orderBy("origin").first().getString(0);
        Dataset<Row> one = transformed.filter(col("origin").equalTo(sample));
        previews.write("0-image", first(one, "tensor"), true);
        previews.write("1-normalized", first(one, "normalized"), false);
        previews.write("2-pooled", first(one, "pooled"), false);
        previews.write("3-space-to-depth", Einops.rearrange(first(one, "features"), "(h1 w1 c) h w -> c (h1 h) (w1 w)",
                Map.of("h1", 2, "w1", 2)), false);
        long grid = options.size() / 2 / FeaturePipeline.PATCH;
        Dataset<Row> samplePatches = patches.filter(col("origin").equalTo(sample))
                .withColumn("at", col("h").multiply(grid).plus(col("w")));
        INDArray cut = SparkEinops.toArray(samplePatches, "patch", "at");
        previews.write("4-patches", Einops.rearrange(framed(cut), "(gh gw) c p1 p2 -> c (gh p1) (gw p2)",
                Map.of("gh", grid)), false);
        List<String> labels = means.select("label").orderBy("label").collectAsList().stream()
                .map(r -> r.getString(0)).toList();
        INDArray meanImages = SparkEinops.toArray(means, "mean_image", "label");
        for (int i = 0; i < labels.size(); i++) {
            previews.write("label-mean-" + labels.get(i).replaceAll("[^A-Za-z0-9_-]", "_"),
                    meanImages.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)), true);
        }
        previews.write("label-means", Einops.rearrange(meanImages, "l c h w -> c h (l w)"), true);
    }

    /** Patches {@code n c p p} with a one-pixel dark border below and right of each, so a grid shows them apart. */
    private static INDArray framed(INDArray patches) {
        long[] s = patches.shape();
        INDArray framed = Nd4j.zeros(DataType.FLOAT, s[0], s[1], s[2] + 1, s[3] + 1)
                .addi(patches.minNumber().doubleValue());
        framed.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, s[2]),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, s[3])).assign(patches.castTo(DataType.FLOAT));
        return framed;
    }

    private static INDArray first(Dataset<Row> one, String column) {
        return Einops.rearrange(SparkEinops.toArray(one, column, "origin"), "1 ... -> ...");
    }

    private void printSummary(JobReport report, StageLog log, long millis) {
        out.println();
        out.println("== summary");
        out.printf("images: %d read, %d used, %d skipped%s%n", report.files(), report.used(),
                report.files() - report.used(), report.skipped().isEmpty() ? "" : " " + report.skipped());
        log.printSummary();
        out.println("outputs:");
        out.printf("  %-12s %s  (%d rows)%n", "features", report.featuresPath(), report.features());
        out.printf("  %-12s %s  (%d rows)%n", "patches", report.patchesPath(), report.patches());
        out.printf("  %-12s %s  (%d rows)%n", "label means", report.labelMeansPath(), report.labels());
        out.printf("  %-12s %s  (PipelineModel.load)%n", "pipeline", report.pipelinePath());
        out.printf("  %-12s %s/previews  (%d PNG pictures)%n", "previews", options.output(), report.previews().size());
        out.printf("finished in %.1f s%n", millis / 1000.0);
        if (!options.work().contains("://")) {
            out.println("work directory: " + Path.of(options.work()).toAbsolutePath().normalize());
        }
    }

    private static String shape(Dataset<Row> df, String column) {
        return shape(df.schema().apply(column));
    }

    private static String shape(StructField field) {
        TensorColumnType type = TensorColumnType.of(field.dataType(), field.metadata());
        return type.elementType().name().toLowerCase(java.util.Locale.ROOT) + " " + Arrays.toString(type.shape());
    }

    private static String rounded(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(String.format(java.util.Locale.ROOT, "%.4f", v));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String reasons(Throwable e) {
        StringBuilder all = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            all.append("\n  caused by: ").append(c.getMessage());
        }
        return all.toString();
    }
}
