package dev.einops.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.types.EinopsException;
import dev.einops.layers.EinMix;
import dev.einops.layers.Rearrange;
import dev.einops.layers.Reduce;
import dev.einops.spark.LayerPipeline;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.functions;
import dev.einops.spark.memory.EinopsMemory;
import dev.einops.spark.tensor.TensorEncoding;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * einops on real executor JVMs ({@code local-cluster}: a master, two workers, one executor each):
 * the compiled patterns, the closures and ND4J's native libraries must all work outside the driver.
 * Spark runs such a cluster from a Maven class path when {@code spark.testing} is set and
 * {@code spark.test.home} names a folder with the layout of a Spark build.
 */
class LocalClusterTest {
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws Exception {
        File home = Files.createTempDirectory("spark-test-home").toFile();
        new File(home, "launcher/target/scala-2.13").mkdirs();
        new File(home, "jars").mkdirs();
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", home.getAbsolutePath());
        spark = SparkSession.builder()
                .master("local-cluster[2,1,1024]")
                .appName("einops-local-cluster")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.executor.extraJavaOptions", System.getProperty("einops.jvm.opens", ""))
                .config("spark.sql.extensions", "dev.einops.spark.EinopsExtensions")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        // executors register some seconds after the context starts
        long deadline = System.currentTimeMillis() + 120_000;
        while (spark.sparkContext().getExecutorMemoryStatus().size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        assertEquals(3, spark.sparkContext().getExecutorMemoryStatus().size(), "two executors and the driver");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        System.clearProperty("spark.testing");
    }

    private static INDArray images(long rows) {
        return Nd4j.arange(rows * 3 * 4 * 4).castTo(DataType.FLOAT).reshape('c', rows, 3, 4, 4).fmodi(29);
    }

    @Test
    void perRowStepsRunOnExecutorsInEveryEncoding() {
        INDArray x = images(40);
        for (TensorEncoding encoding : List.of(TensorEncoding.NESTED, TensorEncoding.STRUCT, TensorEncoding.FLAT)) {
            Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 6, encoding);
            Dataset<Row> pooled = SparkEinops.reduce(SparkEinops.rearrange(df, "image", "b c h w -> b h w c"),
                    "image", "b (h 2) (w 2) c -> b h w c", "max");
            assertEquals(Einops.reduce(Einops.rearrange(x, "b c h w -> b h w c"), "b (h 2) (w 2) c -> b h w c", "max"),
                    SparkEinops.toArray(pooled, "image", "index"), encoding.toString());
        }
    }

    @Test
    void columnFunctionsRunOnExecutors() {
        INDArray x = images(12);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 4).select(org.apache.spark.sql.functions.col("index"),
                functions.repeat(org.apache.spark.sql.functions.col("image"), "c h w -> c h w k", Map.of("k", 2))
                        .as("image"));
        assertEquals(Einops.repeat(x, "b c h w -> b c h w k", Map.of("k", 2)), SparkEinops.toArray(df, "image", "index"));
    }

    @Test
    void aMalformedRowFailsTheJobWithTheEinopsMessage() {
        Dataset<Row> df = spark.sql("SELECT id AS index, IF(id = 5, array(array(1.0f)), array(array(1.0f, 2.0f))) AS t "
                + "FROM range(0, 10, 1, 3)");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> SparkEinops.reduce(df, "t", "b x (y 2) -> b x y", "sum").collect());
        String chain = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain += t + "\n";
        }
        assertTrue(chain.contains("Shape mismatch, can't divide axis of length 1 in chunks of 2"), chain);
        assertTrue(chain.contains(EinopsException.class.getName()), chain);
    }

    @Test
    void executorsReleaseEveryBlock() {
        SparkEinops.rearrange(SparkEinops.fromArray(spark, images(64), "image", 8), "image", "b c h w -> b w h c")
                .collect();
        List<Long> allocated = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                .map(i -> EinopsMemory.allocatedBytes()).collect();
        assertTrue(allocated.stream().allMatch(b -> b == 0), allocated::toString);
    }

    @Test
    void patternsThatMoveRowsRunOnExecutors() {
        INDArray x = images(24);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 6).selectExpr("index", "image", "index % 3 AS label");
        Dataset<Row> patches = SparkEinops.rearrange(df, "image", "b c (h p) (w q) -> (b h w) c p q",
                Map.of("p", 2, "q", 2), true).selectExpr("index * 4 + h * 2 + w AS index", "image");
        assertEquals(Einops.rearrange(x, "b c (h p) (w q) -> (b h w) c p q", Map.of("p", 2, "q", 2)),
                SparkEinops.toArray(patches, "image", "index"));
        INDArray means = SparkEinops.reduceToArray(df, "image", "b c h w -> c", "mean");
        assertTrue(Einops.reduce(x, "b c h w -> c", "mean").equalsWithEps(means, 1e-4), means::toString);
        Dataset<Row> perLabel = SparkEinops.reduce(df.groupBy("label"), "image", "b c h w -> c h w", "max");
        INDArray maxima = SparkEinops.toArray(perLabel.withColumnRenamed("label", "index"), "image", "index");
        for (int label = 0; label < 3; label++) {
            INDArray rows = Nd4j.stack(0, x.slice(label), x.slice(label + 3), x.slice(label + 6), x.slice(label + 9),
                    x.slice(label + 12), x.slice(label + 15), x.slice(label + 18), x.slice(label + 21));
            assertEquals(Einops.reduce(rows, "b c h w -> c h w", "max"), maxima.slice(label));
        }
        Dataset<Row> clips = SparkEinops.rearrange(df.groupBy("label"), "image", "t c h w -> c t h w", "index");
        INDArray clip0 = SparkEinops.toArray(clips.withColumnRenamed("label", "index"), "image", "index").slice(0);
        assertEquals(Einops.rearrange(Nd4j.stack(0, x.slice(0), x.slice(3), x.slice(6), x.slice(9), x.slice(12),
                x.slice(15), x.slice(18), x.slice(21)), "t c h w -> c t h w"), clip0);
    }

    @Test
    void aPipelineWithBroadcastWeightsRunsOnExecutors() {
        INDArray x = images(16);
        LayerPipeline pipeline = LayerPipeline.of(new Rearrange("b c h w -> b h w c"),
                new EinMix("b h w c -> b h w d", "c d", "d", Map.of("c", 3, "d", 5)),
                new Reduce("b h w d -> b d", "mean"));
        INDArray distributed = SparkEinops.toArray(pipeline.transform(SparkEinops.fromArray(spark, x, "image", 4),
                "image"), "image", "index");
        assertTrue(pipeline.apply(x).equalsWithEps(distributed, 1e-4), distributed::toString);
    }

    /** A repeat to terabytes fails with the einops message on real executors, and they live on. */
    @Test
    void aResultTooLargeToHoldFailsTheQueryAndNoExecutorDies() {
        Dataset<Row> df = SparkEinops.fromArray(spark, images(8), "image", 4);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> SparkEinops.repeat(df, "image", "b c h w -> b c h w r", Map.of("r", 100_000_000L)).collect());
        String chain = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain += t + "\n";
        }
        assertTrue(chain.contains("more than the limit of 2147483648 bytes (2.0 GiB) per tensor "
                + "(spark.einops.maxTensorBytes)"), chain);
        assertEquals(3, spark.sparkContext().getExecutorMemoryStatus().size(), "two executors and the driver");
        assertEquals(8, SparkEinops.repeat(df, "image", "b c h w -> b c h w r", Map.of("r", 2)).count());
    }

    /**
     * An executor's JVM ends in the middle of a job of einops steps (a task halts it, once): Spark
     * runs its tasks again elsewhere, the results are those of an undisturbed run, and no executor
     * holds block memory afterwards.
     */
    @Test
    void anExecutorKilledMidJobIsRetriedWithIdenticalResults() throws Exception {
        INDArray x = images(64);
        INDArray expected = Einops.reduce(Einops.rearrange(x, "b c h w -> b h w c"), "b (h 2) (w 2) c -> b h w c",
                "max");
        String marker = new File(Files.createTempDirectory("einops-kill").toFile(), "killed").getAbsolutePath();
        UserDefinedFunction dieOnce = org.apache.spark.sql.functions.udf((UDF1<Long, Long>) i -> {
            if (i == 37 && new File(marker).createNewFile()) {
                Runtime.getRuntime().halt(137);   // as the kernel's OOM killer or a lost node would end it
            }
            return i;
        }, DataTypes.LongType).asNondeterministic();
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 8)
                .withColumn("index", dieOnce.apply(org.apache.spark.sql.functions.col("index")));
        Dataset<Row> pooled = SparkEinops.reduce(SparkEinops.rearrange(df, "image", "b c h w -> b h w c"),
                "image", "b (h 2) (w 2) c -> b h w c", "max");
        assertEquals(expected, SparkEinops.toArray(pooled, "image", "index"));
        assertTrue(new File(marker).exists(), "an executor was killed");
        awaitExecutors(2);
        assertNoBlockMemoryOnExecutors();
    }

    /** {@code cancelAllJobs()} in the middle of a job of einops steps leaves no block memory on any executor. */
    @Test
    void aJobCancelledMidwayLeavesNoBlockMemory() throws Exception {
        String started = new File(Files.createTempDirectory("einops-cancel").toFile(), "started").getAbsolutePath();
        UserDefinedFunction slow = org.apache.spark.sql.functions.udf((UDF1<Long, Long>) i -> {
            new File(started).createNewFile();
            Thread.sleep(200);
            return i;
        }, DataTypes.LongType).asNondeterministic();
        Dataset<Row> df = SparkEinops.fromArray(spark, images(400), "image", 8)
                .withColumn("index", slow.apply(org.apache.spark.sql.functions.col("index")));
        Dataset<Row> steps = SparkEinops.repeat(SparkEinops.rearrange(df, "image", "b c h w -> b h w c"),
                "image", "b h w c -> b h w c r", Map.of("r", 4));
        java.util.concurrent.CompletableFuture<Long> job = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> steps.count() + steps.collectAsList().size());
        long deadline = System.currentTimeMillis() + 120_000;
        while (!new File(started).exists() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(new File(started).exists(), "the job's tasks started");
        Thread.sleep(500);
        spark.sparkContext().cancelAllJobs();
        java.util.concurrent.ExecutionException cancelled = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> job.get(120, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(String.valueOf(cancelled.getCause()).contains("cancel"), String.valueOf(cancelled.getCause()));
        assertNoBlockMemoryOnExecutors();
    }

    /** Waits (up to two minutes) until {@code count} executors are registered again. */
    private static void awaitExecutors(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (spark.sparkContext().getExecutorMemoryStatus().size() < count + 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
    }

    /**
     * Every executor's block memory is back: killed tasks release theirs when they end, which may be
     * after the job reports its failure, so each executor is asked until it says 0 (up to a minute).
     */
    private static void assertNoBlockMemoryOnExecutors() throws InterruptedException {
        Map<String, Long> allocated = Map.of();
        long deadline = System.currentTimeMillis() + 60_000;
        do {
            allocated = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                    .mapToPair(i -> new scala.Tuple2<>(org.apache.spark.SparkEnv.get().executorId(),
                            EinopsMemory.allocatedBytes()))
                    .reduceByKey(Math::max).collectAsMap();
            if (allocated.values().stream().allMatch(b -> b == 0)) {
                return;
            }
            Thread.sleep(500);
        } while (System.currentTimeMillis() < deadline);
        org.junit.jupiter.api.Assertions.fail("block memory outstanding on executors: " + allocated);
    }
}
