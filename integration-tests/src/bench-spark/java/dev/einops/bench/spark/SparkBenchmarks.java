package dev.einops.bench.spark;

import static org.apache.spark.sql.functions.col;

import dev.einops.bench.spark.Measure.Job;
import dev.einops.bench.spark.Measure.Timing;
import dev.einops.bench.spark.Peers.RowOp;
import dev.einops.bench.spark.Report.Line;
import dev.einops.bench.spark.Report.Target;
import dev.einops.bench.spark.SparkData.Form;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.ml.EinopsNormalizer;
import dev.einops.spark.ml.EinopsTransformer;
import dev.einops.spark.ml.ImageTensorizer;
import dev.einops.spark.tensor.TensorEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark benchmarks of issue 13: einops-spark's workloads on a {@code local[2]} session against
 * their floors (Spark's own pass over the same column into a {@code noop} sink) and their peers (a
 * per-row UDF through ND4J, {@code Summarizer.mean}, a hand-written {@code treeAggregate}, the SQL
 * functions), all measured in the same run, and written as the "## Spark" section of BENCHMARKS.md.
 *
 * <pre>{@code
 * mvn -B -ntp -o -Pbench -Dbench.spark=true -DskipTests verify -pl integration-tests -am
 * }</pre>
 *
 * <p>System properties: {@code bench.spark.rows} (50000), {@code bench.spark.partitions} (8),
 * {@code bench.spark.encodings} (NESTED,STRUCT,FLAT), {@code bench.spark.runs} (5),
 * {@code bench.spark.slowRuns} (3, for the UDFs and Summarizer), {@code bench.spark.scale}
 * (10000,100000,1000000), {@code bench.spark.sections} (rows,mean,pipeline,scale).
 */
public final class SparkBenchmarks {
    private static final long[] IMAGE = {3, 64, 64};
    private static final int PIXELS = 3 * 64 * 64;

    /** A per-row workload: its name, the DataFrame pattern, the same for one row (SQL, UDF), its reduction and lengths. */
    record PerRow(String name, String batchPattern, String rowPattern, String sqlCall, String reduction,
                  Map<String, Integer> lengths, long[] outShape) {
        Dataset<Row> einops(Dataset<Row> df) {
            return reduction == null ? SparkEinops.rearrange(df, "image", batchPattern, lengths)
                    : SparkEinops.reduce(df, "image", batchPattern, reduction, lengths);
        }

        RowOp rowOp() {
            return new RowOp(rowPattern, reduction, lengths);
        }
    }

    static final List<PerRow> PER_ROW = List.of(
            new PerRow("`c h w -> h w c`", "b c h w -> b h w c", "c h w -> h w c",
                    "einops_rearrange(image, 'c h w -> h w c')", null, Map.of(), new long[] {64, 64, 3}),
            new PerRow("space-to-depth", "b c (h h1) (w w1) -> b (h1 w1 c) h w", "c (h h1) (w w1) -> (h1 w1 c) h w",
                    "einops_rearrange(image, 'c (h h1) (w w1) -> (h1 w1 c) h w', map('h1', 2, 'w1', 2))", null,
                    Map.of("h1", 2, "w1", 2), new long[] {12, 32, 32}),
            new PerRow("2x2 max-pooling", "b c (h 2) (w 2) -> b c h w", "c (h 2) (w 2) -> c h w",
                    "einops_reduce(image, 'c (h 2) (w 2) -> c h w', 'max')", "max", Map.of(), new long[] {3, 32, 32}));

    private final SparkSession spark;
    private final long rows;
    private final int partitions;
    private final int runs;
    private final int slowRuns;
    private final Measure measure = new Measure();
    private final Report report = new Report();
    private final Path scratch;

    private SparkBenchmarks(SparkSession spark, Path scratch) {
        this.spark = spark;
        this.scratch = scratch;
        this.rows = Long.getLong("bench.spark.rows", 50_000);
        this.partitions = Integer.getInteger("bench.spark.partitions", 8);
        this.runs = Integer.getInteger("bench.spark.runs", 5);
        this.slowRuns = Integer.getInteger("bench.spark.slowRuns", 3);
    }

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("einops-spark-benchmarks")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.extensions", "dev.einops.spark.sql.EinopsSparkSessionExtensions")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Path scratch = Files.createTempDirectory("einops-spark-bench");
        List<String> sections = List.of(System.getProperty("bench.spark.sections", "rows,mean,pipeline,scale").split(","));
        SparkBenchmarks bench = new SparkBenchmarks(spark, scratch);
        try {
            bench.run(sections);
        } finally {
            bench.measure.close();
            spark.stop();
        }
        bench.report.writeInto(output);
        System.out.println("wrote " + output.toAbsolutePath());
    }

    private void run(List<String> sections) {
        report.text("Generated by `mvn -B -ntp -o -Pbench -Dbench.spark=true -Dbench.spark.rows=" + rows
                + " -DskipTests verify -pl integration-tests -am` on " + java.time.LocalDate.now() + " (harness: "
                + "`integration-tests/src/bench-spark/java/dev/einops/bench/spark`).");
        report.text("Machine: " + Report.machine(spark.version()) + ".");
        report.text(rows + " rows of 3x64x64 float images (" + String.format(Locale.ROOT, "%.0f", rows * PIXELS * 4 / 1e6)
                + " MB of floats) in " + partitions + " partitions, cached and counted before timing. Each job is one "
                + "Spark action ending in a `noop` sink (or a `collect` of one result); the jobs of a table run "
                + "round-robin, " + runs + " timed rounds after one warm-up round (" + slowRuns + " for the per-row UDFs "
                + "and `Summarizer`), so that a slow moment of this shared machine falls on all of them. Ratios are "
                + "of medians measured in the same run; absolute times drift, ratios hold better.");
        for (String encoding : System.getProperty("bench.spark.encodings", "NESTED,STRUCT,FLAT").split(",")) {
            if (sections.contains("rows")) {
                encodingSection(TensorEncoding.valueOf(encoding.trim()));
            }
        }
        if (sections.contains("mean")) {
            meanSection();
        }
        if (sections.contains("pipeline")) {
            pipelineSection();
        }
        if (sections.contains("scale")) {
            scaleSection();
        }
    }

    private static void noop(Dataset<Row> df) {
        df.write().format("noop").mode("overwrite").save();
    }

    private Dataset<Row> cached(Form form, long n, long[] shape) {
        Dataset<Row> df = SparkData.images(spark, n, partitions, shape, form, true).cache();
        long count = df.count();
        if (count != n) {
            throw new IllegalStateException("cached " + count + " rows, wanted " + n);
        }
        return df;
    }

    private static Form form(TensorEncoding encoding) {
        return Form.valueOf(encoding.name());
    }

    private void encodingSection(TensorEncoding encoding) {
        String source = encoding.name().toLowerCase(Locale.ROOT);
        System.out.println("== " + source);
        measure.section(source);
        Dataset<Row> df = cached(form(encoding), rows, IMAGE);
        df.createOrReplaceTempView("images");
        List<Job> fast = new ArrayList<>();
        fast.add(new Job("floor", () -> noop(df.select("image"))));
        for (PerRow w : PER_ROW) {
            fast.add(new Job(w.name() + " DataFrame", () -> noop(w.einops(df).select("image"))));
            fast.add(new Job(w.name() + " SQL", () -> noop(spark.sql("SELECT " + w.sqlCall() + " AS image FROM images"))));
        }
        String explode = "b c (h p1) (w p2) -> (b h w) c p1 p2";
        fast.add(new Job("explode", () -> noop(SparkEinops.rearrange(df, "image", explode, Map.of("p1", 8, "p2", 8))
                .select("image"))));
        fast.add(new Job("stack", () -> noop(SparkEinops.rearrange(df.groupBy("clip"), "image", "t c h w -> c t h w",
                "index"))));
        fast.add(new Job("collect_list", () -> noop(df.groupBy("clip").agg(
                org.apache.spark.sql.functions.collect_list(col("image")).as("image")))));
        fast.add(new Job("mean", () -> SparkEinops.reduceToArray(df, "image", "b c h w -> c h w", "mean")));
        fast.add(new Job("treeAggregate", () -> Peers.treeAggregateMean(df, encoding, PIXELS)));
        fast.add(new Job("group mean", () -> noop(SparkEinops.reduce(df.groupBy("label"), "image", "b c h w -> c h w",
                "mean"))));
        Map<String, Timing> t = new java.util.HashMap<>(measure.rounds(fast, 1, runs));

        List<Job> slow = new ArrayList<>();
        slow.add(new Job("floor (UDF rounds)", () -> noop(df.select("image"))));
        for (PerRow w : PER_ROW) {
            var udf = Peers.nd4jUdf(encoding, IMAGE, w.rowOp(), w.outShape());
            slow.add(new Job(w.name() + " UDF", () -> noop(df.select(udf.apply(col("image")).as("image")))));
            slow.add(new Job(w.name() + " DataFrame (UDF rounds)", () -> noop(w.einops(df).select("image"))));
        }
        t.putAll(measure.rounds(slow, 1, slowRuns));

        Path parquet = scratch.resolve(source + ".parquet");
        df.write().mode("overwrite").parquet(parquet.toString());
        df.unpersist(true);
        List<Job> fromParquet = new ArrayList<>();
        fromParquet.add(new Job("scan", () -> noop(spark.read().parquet(parquet.toString()).select("image"))));
        for (PerRow w : PER_ROW) {
            fromParquet.add(new Job(w.name() + " Parquet",
                    () -> noop(w.einops(spark.read().parquet(parquet.toString())).select("image"))));
        }
        t.putAll(measure.rounds(fromParquet, 1, runs));

        Dataset<Row> patches = cached(form(encoding), rows * 64, new long[] {3, 8, 8});
        t.putAll(measure.rounds(List.of(new Job("patches floor", () -> noop(patches.select("image")))), 1, runs));
        patches.unpersist(true);
        Dataset<Row> clips = cached(form(encoding), rows / 16, new long[] {48, 64, 64});
        t.putAll(measure.rounds(List.of(new Job("clips floor", () -> noop(clips.select("image")))), 1, runs));
        clips.unpersist(true);

        List<Line> lines = new ArrayList<>();
        Timing floor = t.get("floor");
        lines.add(new Line("floor: `noop` of the column", source, floor, "-", floor, Target.NONE));
        for (PerRow w : PER_ROW) {
            Timing dataFrame = t.get(w.name() + " DataFrame");
            lines.add(new Line(w.name(), source, dataFrame, "floor", floor, Target.atMost(2)));
            lines.add(new Line(w.name(), source, t.get(w.name() + " DataFrame (UDF rounds)"), "per-row ND4J UDF",
                    t.get(w.name() + " UDF"), Target.faster(8)));
            lines.add(new Line(w.name() + ", per-row ND4J UDF", source, t.get(w.name() + " UDF"), "floor (UDF rounds)",
                    t.get("floor (UDF rounds)"), Target.NONE));
            lines.add(new Line(w.name() + ", SQL `" + w.sqlCall().replace("image, ", "t, ") + "`", source,
                    t.get(w.name() + " SQL"), "the DataFrame path", dataFrame, Target.atMost(1.1)));
        }
        for (PerRow w : PER_ROW) {
            lines.add(new Line(w.name(), source + " from Parquet", t.get(w.name() + " Parquet"),
                    "Parquet scan of the column", t.get("scan"), Target.atMost(1.3)));
        }
        lines.add(new Line("explode into 8x8 patches `" + explode + "`", source, t.get("explode"),
                "`noop` of the same output (" + rows * 64 + " cached rows of 3x8x8)", t.get("patches floor"),
                Target.atMost(2)));
        lines.add(new Line("stack groups of 16 ordered rows `t c h w -> c t h w`", source, t.get("stack"),
                "`noop` of the same output (" + rows / 16 + " cached rows of 48x64x64)", t.get("clips floor"),
                Target.atMost(2)));
        lines.add(new Line("stack groups of 16 ordered rows `t c h w -> c t h w`", source, t.get("stack"),
                "Spark's `groupBy(clip).agg(collect_list(image))` (the same shuffle, unordered)", t.get("collect_list"),
                Target.NONE));
        lines.add(new Line("cross-row mean `b c h w -> c h w` (`reduceToArray`)", source, t.get("mean"),
                "hand-written `treeAggregate` over `InternalRow`", t.get("treeAggregate"), Target.atMost(1.2)));
        lines.add(new Line("cross-row mean `b c h w -> c h w` (`reduceToArray`)", source, t.get("mean"), "floor", floor,
                Target.NONE));
        lines.add(new Line("per-group mean, 10 groups", source, t.get("group mean"), "floor", floor, Target.NONE));
        report.table("Rows in the " + source + " encoding", lines);
    }

    private void meanSection() {
        System.out.println("== mean");
        measure.section("mean");
        Dataset<Row> struct = cached(Form.STRUCT, rows, IMAGE);
        Dataset<Row> vectors = cached(Form.VECTOR, rows, IMAGE);
        List<Job> jobs = List.of(
                new Job("floor", () -> noop(struct.select("image"))),
                new Job("mean", () -> SparkEinops.reduceToArray(struct, "image", "b c h w -> c h w", "mean")),
                new Job("treeAggregate", () -> Peers.treeAggregateMean(struct, TensorEncoding.STRUCT, PIXELS)),
                new Job("Summarizer", () -> vectors.select(Summarizer.mean(col("image"))).collect()),
                new Job("group mean", () -> noop(SparkEinops.reduce(struct.groupBy("label"), "image",
                        "b c h w -> c h w", "mean"))),
                new Job("group Summarizer", () -> noop(vectors.groupBy("label").agg(Summarizer.mean(col("image"))))));
        Map<String, Timing> t = measure.rounds(jobs, 1, slowRuns);
        struct.unpersist(true);
        vectors.unpersist(true);
        report.table("Cross-row mean against Spark ML and a hand-written aggregate (struct column; Vectors of the same values)",
                List.of(new Line("cross-row mean `b c h w -> c h w` (`reduceToArray`)", "struct", t.get("mean"),
                                "`Summarizer.mean` over Vectors", t.get("Summarizer"), Target.faster(8)),
                        new Line("cross-row mean `b c h w -> c h w` (`reduceToArray`)", "struct", t.get("mean"),
                                "hand-written `treeAggregate` over `InternalRow`", t.get("treeAggregate"), Target.atMost(1.2)),
                        new Line("`Summarizer.mean`", "vector", t.get("Summarizer"), "floor (struct)", t.get("floor"),
                                Target.NONE),
                        new Line("hand-written `treeAggregate`", "struct", t.get("treeAggregate"), "floor", t.get("floor"),
                                Target.NONE),
                        new Line("per-group mean, 10 groups", "struct", t.get("group mean"),
                                "`groupBy(label).agg(Summarizer.mean)`", t.get("group Summarizer"), Target.NONE)));
    }

    private static Pipeline pipeline() {
        return new Pipeline().setStages(new PipelineStage[] {
            new ImageTensorizer().setInputCol("image").setOutputCol("pixels").setSize(64),
            new EinopsTransformer().setInputCol("pixels").setOutputCol("chw").setPattern("b h w c -> b c h w"),
            new EinopsNormalizer().setInputCol("chw").setOutputCol("normal").setPattern("b c h w -> c"),
            new EinopsTransformer().setInputCol("normal").setOutputCol("pooled").setPattern("b c (h 2) (w 2) -> b c h w")
                    .setOperation("reduce").setReduction("max"),
            new EinopsTransformer().setInputCol("pooled").setOutputCol("features")
                    .setPattern("b c (h h1) (w w1) -> b (h1 w1 c) h w").setAxesLengths(Map.of("h1", 2, "w1", 2)),
        });
    }

    private void pipelineSection() {
        System.out.println("== pipeline");
        measure.section("pipeline");
        Dataset<Row> images = cached(Form.IMAGE_STRUCT, rows, IMAGE);
        Pipeline pipeline = pipeline();
        PipelineModel fitted = pipeline.fit(images);
        Dataset<Row> floats = cached(Form.STRUCT, rows, IMAGE);
        List<Job> jobs = List.of(
                new Job("floor", () -> noop(images.select("image"))),
                new Job("float floor", () -> noop(floats.select("image"))),
                new Job("fit and transform", () -> noop(pipeline.fit(images).transform(images).select("features"))),
                new Job("transform", () -> noop(fitted.transform(images).select("features"))));
        Map<String, Timing> t = measure.rounds(jobs, 1, runs);
        images.unpersist(true);
        floats.unpersist(true);
        String stages = "`ImageTensorizer` (size 64) -> `b h w c -> b c h w` -> `EinopsNormalizer` `b c h w -> c` "
                + "-> max-pool `b c (h 2) (w 2) -> b c h w` -> space-to-depth `b c (h h1) (w w1) -> b (h1 w1 c) h w`";
        report.table("The main job's pipeline end to end",
                List.of(new Line("fit and transform: " + stages, "image struct", t.get("fit and transform"),
                                "`noop` of the image column (uint8)", t.get("floor"), Target.NONE),
                        new Line("fit and transform", "image struct", t.get("fit and transform"),
                                "`noop` of the same images as float tensor structs", t.get("float floor"), Target.NONE),
                        new Line("transform with the fitted model", "image struct", t.get("transform"),
                                "`noop` of the same images as float tensor structs", t.get("float floor"), Target.NONE)));
    }

    private void scaleSection() {
        System.out.println("== scale");
        measure.section("scale");
        String[] sizes = System.getProperty("bench.spark.scale", "10000,100000,1000000").split(",");
        StringBuilder md = new StringBuilder();
        md.append("### Scale\n\n");
        md.append("`c h w -> h w c` on the tensor struct, from a source generated inside the job (not cached: ")
                .append("each row a copy of one random image), into a `noop` sink; the floor is the same source into ")
                .append("the sink. Peaks are sampled every 2 ms while the job runs (one JVM: driver and executor): ")
                .append("heap in use (garbage included), einops' Arrow allocator (the blocks), JavaCPP's count of ")
                .append("ND4J's off-heap bytes, and the process's physical memory.\n\n");
        md.append("| rows | partitions | runs | einops median | floor median | einops per row | floor per row | ratio | ")
                .append("heap peak | Arrow peak | JavaCPP peak | physical peak |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<long[]> configs = new ArrayList<>();
        for (String s : sizes) {
            long n = Long.parseLong(s.trim());
            configs.add(new long[] {n, Math.max(2, n / 5_000)});
            if (n == 100_000) {
                configs.add(new long[] {n, 1});
            }
        }
        double firstPerRow = Double.NaN;
        double lastPerRow = Double.NaN;
        long manyArrow = -1;
        long oneArrow = -1;
        for (long[] c : configs) {
            long n = c[0];
            int parts = (int) c[1];
            int r = n >= 1_000_000 ? 1 : runs;
            Dataset<Row> source = SparkData.images(spark, n, parts, IMAGE, Form.STRUCT, false);
            Map<String, Timing> t = measure.rounds(List.of(
                    new Job("floor", () -> noop(source.select("image"))),
                    new Job("einops", () -> noop(SparkEinops.rearrange(source, "image", "b c h w -> b h w c").select("image")))),
                    n >= 1_000_000 ? 0 : 1, r);
            Timing e = t.get("einops");
            Timing f = t.get("floor");
            double perRow = e.median() * 1000 / n;
            if (parts > 1) {
                firstPerRow = Double.isNaN(firstPerRow) ? perRow : firstPerRow;
                lastPerRow = perRow;
            }
            if (n == 100_000) {
                if (parts == 1) {
                    oneArrow = e.peak().arrow();
                } else {
                    manyArrow = e.peak().arrow();
                }
            }
            md.append("| ").append(n).append(" | ").append(parts).append(" | ").append(r)
                    .append(" | ").append(Report.ms(e.median())).append(" | ").append(Report.ms(f.median()))
                    .append(" | ").append(Report.fmt(perRow)).append(" us | ").append(Report.fmt(f.median() * 1000 / n))
                    .append(" us | ").append(Report.fmt(e.median() / f.median())).append("x | ")
                    .append(Report.mib(e.peak().heap())).append(" | ").append(Report.mib(e.peak().arrow())).append(" | ")
                    .append(Report.mib(e.peak().javacpp())).append(" | ").append(Report.mib(e.peak().physical()))
                    .append(" |\n");
        }
        md.append("\nTime per row at the largest size over the smallest (many partitions): ")
                .append(Report.fmt(lastPerRow / firstPerRow)).append("x (target <= 1.2x: ")
                .append(lastPerRow / firstPerRow <= 1.2 ? "met" : "**missed**").append(").");
        if (oneArrow >= 0 && manyArrow >= 0) {
            md.append(" Arrow peak with one partition of 100000 rows: ").append(Report.mib(oneArrow))
                    .append(", with many small ones: ").append(Report.mib(manyArrow)).append(" (target: independent of ")
                    .append("partition size: ").append(oneArrow <= Math.max(manyArrow, 1) * 1.5 ? "met" : "**missed**")
                    .append(").");
        }
        md.append("\n\n");
        report.raw(md.toString());
        System.out.print(md);
    }
}
