package dev.einops.spark.transform;

import static dev.einops.spark.SparkAssertions.einopsFailure;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.EinopsConf;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.SparkTestSession;
import dev.einops.spark.functions;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A column's dim_names against the patterns applied to it. */
class NamedAxesTest {
    private final SparkSession spark = SparkTestSession.get();
    private static final TensorColumnType CHW = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32,
            new long[] {2, 3, 4}).withDimNames(List.of("c", "h", "w"));

    @AfterEach
    void reset() {
        spark.conf().unset(EinopsConf.DIM_NAMES_CHECK);
    }

    private Dataset<Row> images() {
        String path = new File(NamedAxesTest.class.getResource("/arrow-tensors/fixed.parquet").getFile())
                .getAbsolutePath();
        return SparkEinops.readTensors(spark, path).select("id", "image");
    }

    @Test
    void onlyInputSidesOfPlainNamesAreChecked() {
        assertEquals(List.of("h", "w", "c"), NamedAxes.inputAxes("h w c -> c h w"));
        assertEquals(List.of("c", "h", "w"), NamedAxes.inputAxes("c h w"));
        assertEquals(List.of(), NamedAxes.inputAxes("(h w) c -> c h w"));
        assertEquals(List.of(), NamedAxes.inputAxes("h ... -> h"));
        assertEquals(List.of(), NamedAxes.inputAxes("h _ c"));
        assertDoesNotThrow(() -> NamedAxes.check(CHW, List.of("c", "h", "w"), "c h w -> h w c", "image"));
        assertDoesNotThrow(() -> NamedAxes.check(CHW, List.of("a", "b", "c"), "a b c -> c b a", "image"));
        EinopsException e = assertThrows(EinopsException.class,
                () -> NamedAxes.check(CHW, List.of("h", "w", "c"), "h w c -> c h w", "image"));
        assertEquals("the pattern h w c -> c h w reads the axes as h w c but column image stores them as c h w (its "
                + "dim_names): einops reads axes by position, so this would scramble the data. Write the input side as "
                + "c h w (for example c h w -> h w c to reorder them), or set spark.einops.dimNames.check=false",
                e.getMessage());
    }

    @Test
    void aPatternNamingTheColumnsAxesInAnotherOrderFailsAtAnalysis() {
        Dataset<Row> df = images();
        AnalysisException perRow = assertThrows(AnalysisException.class,
                () -> df.select(functions.rearrange(col("image"), "h w c -> c h w")));
        assertTrue(perRow.getMessage().contains("reads the axes as h w c but column image stores them as c h w"),
                perRow.getMessage());
        EinopsException verb = einopsFailure(() -> SparkEinops.rearrange(df, "image", "b w h c -> b c h w"));
        assertTrue(verb.getMessage().contains("reads the axes as w h c but column"), verb.getMessage());
        EinopsException aggregate = einopsFailure(() -> SparkEinops.reduce(df, "image", "b h w c -> c", "mean"));
        assertTrue(aggregate.getMessage().contains("stores them as c h w"), aggregate.getMessage());
        // the stored order, other names, and compositions pass
        assertEquals(3, df.select(functions.rearrange(col("image"), "c h w -> h w c")).count());
        assertEquals(3, df.select(functions.rearrange(col("image"), "x y z -> z y x")).count());
        assertEquals(3, df.select(functions.rearrange(col("image"), "c h (w2 two) -> c h w2 two", Map.of("two", 2)))
                .count());
    }

    @Test
    void theSettingTurnsTheCheckOff() {
        spark.conf().set(EinopsConf.DIM_NAMES_CHECK, "false");
        Row row = images().where(col("image").isNotNull())
                .select(functions.rearrange(col("image"), "h w c -> c h w").as("t")).first();
        assertEquals(24, row.getList(0).size());
    }

    @Test
    void explainShowsTheAxesNames() {
        String plan = images().select(functions.rearrange(col("image"), "c h w -> h w c").as("hwc"))
                .queryExecution().analyzed().toString();
        assertTrue(plan.contains("[c h w]"), plan);
    }

    @Test
    void checkShapeSeesTheNamesToo() {
        AnalysisException e = assertThrows(AnalysisException.class,
                () -> images().select(functions.checkShape(col("image"), "h w c", Map.of())));
        assertTrue(e.getMessage().contains("stores them as c h w"), e.getMessage());
    }
}
