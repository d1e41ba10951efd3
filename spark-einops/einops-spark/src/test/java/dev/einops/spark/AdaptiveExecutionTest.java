package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Einops plans under adaptive query execution (Spark's default), which re-plans the query after
 * every stage and adopts any plan that differs: planning must give the same plan every time.
 */
class AdaptiveExecutionTest {
    private final SparkSession spark = SparkTestSession.get();

    @BeforeEach
    void adaptive() {
        spark.conf().set("spark.sql.adaptive.enabled", "true");
    }

    @AfterEach
    void released() {
        spark.conf().unset("spark.sql.adaptive.enabled");
        assertNoBlockMemory();
    }

    /**
     * The main job's label means: a cached table, filtered, a block step on one of its columns and a
     * reduction per label. Result columns made up while planning never settled: the query re-planned
     * forever without running a task.
     */
    @Test
    void aBlockStepOverACachedTableUnderAGroupedReductionFinishes() {
        INDArray x = tensor(DataType.FLOAT, 24, 4, 4, 3);
        Dataset<Row> cached = SparkEinops.fromArray(spark, x, "image", 3)
                .selectExpr("index", "CAST(index % 3 AS STRING) AS label", "image",
                        "CASE WHEN index = 5 THEN 'bad' END AS skipped")
                .cache();
        try {
            cached.count();
            Dataset<Row> tensors = SparkEinops.rearrange(cached.filter("skipped IS NULL").select("label", "image"),
                    "image", "b h w c -> b c h w");
            Dataset<Row> means = SparkEinops.reduce(tensors.groupBy("label"), "image", "b c h w -> c h w", "mean")
                    .orderBy("label");
            List<Row> rows = assertTimeoutPreemptively(Duration.ofSeconds(90), means::collectAsList,
                    "the adaptive plan never settled");
            assertEquals(3, rows.size());
            for (int label = 0; label < 3; label++) {
                int l = label;
                INDArray members = Nd4j.stack(0, java.util.stream.IntStream.range(0, 24)
                        .filter(i -> i % 3 == l && i != 5).mapToObj(x::slice).toArray(INDArray[]::new));
                INDArray want = Einops.reduce(members, "b h w c -> c h w", "mean");
                INDArray got = SparkEinops.toArray(means.filter("label = '" + label + "'")
                        .selectExpr("0L AS index", "image"), "image", "index").slice(0);
                assertTrue(want.equalsWithEps(got, 1e-5), () -> "label " + l + ": " + want + " vs " + got);
            }
        } finally {
            cached.unpersist();
        }
    }

    @Test
    void planningAQueryTwiceGivesTheSamePlan() {
        Dataset<Row> df = SparkEinops.rearrange(SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 4, 2, 3), "t", 2),
                "t", "b h w -> b w h");
        var classic = (org.apache.spark.sql.classic.Dataset<Row>) df;
        LogicalPlan optimized = classic.queryExecution().optimizedPlan();
        var planner = classic.sparkSession().sessionState().planner();
        String first = planner.plan(optimized).next().toString();
        String second = planner.plan(optimized).next().toString();
        assertEquals(first, second);
        assertTrue(first.contains("EinopsBlock"), first);
    }
}
