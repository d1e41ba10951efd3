package dev.einops.spark.catalyst;

import static dev.einops.spark.SparkAssertions.tensor;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.EinopsConf;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.SparkTestSession;
import dev.einops.spark.functions;
import dev.einops.types.EinopsException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The planner strategy: how einops' logical nodes become operators, and that planning is repeatable. */
class EinopsStrategyTest {
    private final SparkSession spark = SparkTestSession.get();

    private Dataset<Row> transposed() {
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 4, 2, 3), "t", 2);
        return df.select(col("index"), functions.rearrange(col("t"), "h w -> w h").as("r"));
    }

    private static LogicalPlan optimized(Dataset<Row> df) {
        return ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().optimizedPlan();
    }

    private static SparkPlan planOf(LogicalPlan plan) {
        return EinopsStrategy.apply(plan).head();
    }

    @Test
    void underTheProjectionItWasLiftedFromTheBlockHandsItsRowsOnUncopied() {
        LogicalPlan plan = optimized(transposed());
        Project project = assertInstanceOf(Project.class, plan);
        ProjectExec exec = assertInstanceOf(ProjectExec.class, planOf(project));
        EinopsBlockExec block = assertInstanceOf(EinopsBlockExec.class, exec.child());
        assertTrue(block.projected(), "the projection above copies each result into its output row, once");
        EinopsBlockExec alone = assertInstanceOf(EinopsBlockExec.class, planOf(project.child()));
        assertFalse(alone.projected(), "a block planned on its own makes whole output rows");
    }

    @Test
    void settingsAreReadWhenTheQueryIsPlannedAndABadOneNamesItsKey() {
        LogicalPlan block = ((Project) optimized(transposed())).child();
        try {
            spark.conf().set(EinopsConf.BLOCK_ROWS, "7");
            assertEquals(7, ((EinopsBlockExec) planOf(block)).settings().rows());
            spark.conf().set(EinopsConf.BLOCK_BYTES, "lots");
            EinopsException e = assertThrows(EinopsException.class, () -> planOf(block));
            assertTrue(e.getMessage().startsWith("spark.einops.block.bytes=lots is not accepted"), e.getMessage());
        } finally {
            spark.conf().unset(EinopsConf.BLOCK_ROWS);
            spark.conf().unset(EinopsConf.BLOCK_BYTES);
        }
    }

    @Test
    void planningTwiceGivesEqualPlans() {
        for (Dataset<Row> df : java.util.List.of(transposed(), SparkEinops.rearrange(
                SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 4, 2, 6), "t", 2), "t",
                "b h (w p) -> (b w) h p", java.util.Map.of("p", 2)))) {
            var classic = (org.apache.spark.sql.classic.Dataset<Row>) df;
            LogicalPlan plan = optimized(df);
            var planner = classic.sparkSession().sessionState().planner();
            SparkPlan first = planner.plan(plan).next();
            SparkPlan second = planner.plan(plan).next();
            assertEquals(first, second);
            assertEquals(first.toString(), second.toString());
        }
    }
}
