package dev.einops.spark.catalyst;

import static dev.einops.spark.SparkAssertions.tensor;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.einops.spark.SparkEinops;
import dev.einops.spark.SparkTestSession;
import dev.einops.spark.functions;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import scala.jdk.javaapi.CollectionConverters;

/** The rule that lifts einops steps out of a projection into a block node under it. */
class ExtractEinopsBlocksTest {
    private final SparkSession spark = SparkTestSession.get();

    private Dataset<Row> images() {
        return SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 4, 2, 3), "t", 2)
                .withColumn("unused", org.apache.spark.sql.functions.lit(1));
    }

    private static LogicalPlan lifted(Dataset<Row> df) {
        LogicalPlan analyzed = ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().analyzed();
        return ExtractEinopsBlocks.apply(analyzed);
    }

    private static EinopsBlock block(LogicalPlan plan) {
        Project project = assertInstanceOf(Project.class, plan);
        return assertInstanceOf(EinopsBlock.class, project.child());
    }

    private static List<String> names(scala.collection.Seq<Attribute> attributes) {
        return CollectionConverters.asJava(attributes).stream().map(Attribute::name).toList();
    }

    @Test
    void consecutiveStepsBecomeOneChainAndTheProjectionKeepsNone() {
        Dataset<Row> df = images().select(col("index"), functions.reduce(functions.rearrange(col("t"), "h w -> w h"),
                "w h -> w", "sum").as("r"));
        LogicalPlan plan = lifted(df);
        EinopsBlock block = block(plan);
        assertEquals(1, block.chains().size());
        assertEquals(2, block.chains().head().chainWithInput().chain().steps().size(), "both steps in one pass");
        assertEquals("t", block.chains().head().chainWithInput().column());
        assertFalse(((Project) plan).projectList().exists(e -> ((org.apache.spark.sql.catalyst.expressions.Expression) e)
                        .exists(x -> x instanceof EinopsTransform)),
                "the projection refers to the block's result instead");
    }

    @Test
    void theSameStepTwiceIsComputedOnce() {
        Dataset<Row> df = images().select(functions.rearrange(col("t"), "h w -> w h").as("a"),
                functions.rearrange(col("t"), "h w -> w h").as("b"),
                functions.rearrange(col("t"), "h w -> (h w)").as("c"));
        assertEquals(2, block(lifted(df)).chains().size());
    }

    @Test
    void theBlockReadsOnlyTheColumnsItNeeds() {
        Dataset<Row> df = images().select(col("index"), functions.rearrange(col("t"), "h w -> w h").as("r"));
        EinopsBlock block = block(lifted(df));
        assertEquals(List.of("index"), names(block.passThrough()));
        assertEquals(List.of("index", "t"), names(block.child().output()), "unused is pruned below the block");
        assertEquals(List.of("index", "einops_0"), names(block.output()));
    }

    @Test
    void applyingTheRuleTwiceChangesNothing() {
        Dataset<Row> df = SparkEinops.rearrange(images(), "t", "b h w -> b w h", Map.of());
        LogicalPlan once = lifted(df);
        assertEquals(once, ExtractEinopsBlocks.apply(once));
    }
}
