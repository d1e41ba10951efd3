package dev.einops.spark.sql;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.assertTensors;
import static dev.einops.spark.SparkAssertions.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.SparkTestSession;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The SQL functions over a table of tensors: the same engine, encodings, blocks and errors as the DataFrame API. */
class SqlFunctionsTest {
    private static final SparkSession SPARK = SparkTestSession.get();
    private static final INDArray IMAGES = Nd4j.rand(DataType.FLOAT, 12, 3, 4, 6);

    @BeforeAll
    static void tables() {
        EinopsFunctions.register(SPARK);
        SparkEinops.fromArray(SPARK, IMAGES, "image", 3).selectExpr("index", "image", "index % 3 AS label")
                .createOrReplaceTempView("images");
    }

    @AfterEach
    void released() {
        SPARK.conf().unset("spark.einops.mode");
        assertNoBlockMemory();
    }

    private static Dataset<Row> sql(String query) {
        return SPARK.sql(query);
    }

    @Test
    void theTutorialsPerRowStatementsAsSql() {
        assertTensors(Einops.rearrange(IMAGES, "b c h w -> b h w c"),
                sql("SELECT index, einops_rearrange(image, 'c h w -> h w c') AS t FROM images"), "t");
        assertTensors(Einops.rearrange(IMAGES, "b c h w -> b (c h w)"),
                sql("SELECT index, einops_rearrange(image, 'c h w -> (c h w)') AS t FROM images"), "t");
        assertTensors(Einops.rearrange(IMAGES, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2)),
                sql("SELECT index, einops_rearrange(image, 'c (h h1) (w w1) -> (h1 w1 c) h w', map('h1', 2, 'w1', 2)) "
                        + "AS t FROM images"), "t");
        assertTensors(Einops.reduce(IMAGES, "b c (h 2) (w 2) -> b c h w", "max"),
                sql("SELECT index, einops_reduce(image, 'c (h 2) (w 2) -> c h w', 'max') AS t FROM images"), "t");
        assertTensors(Einops.repeat(IMAGES, "b c h w -> b c (h 2) (w 2)"),
                sql("SELECT index, einops_repeat(image, 'c h w -> c (h 2) (w 2)') AS t FROM images"), "t");
        assertTrue(Einops.reduce(IMAGES, "b c h w -> b c", "mean").equalsWithEps(SparkEinops.toArray(
                sql("SELECT index, einops_reduce(image, 'c h w -> c', 'mean') AS t FROM images"), "t", "index"), 1e-5));
    }

    @Test
    void checkShapeGivesTheTensorUnchangedOrFailsAtAnalysisWithTheEinopsMessage() {
        assertTensors(IMAGES, sql("SELECT index, einops_check_shape(image, 'c h w', map('c', 3, 'w', 6)) AS t "
                + "FROM images"), "t");
        AnalysisException e = assertThrows(AnalysisException.class,
                () -> sql("SELECT einops_check_shape(image, 'c h w', map('h', 5)) FROM images"));
        assertTrue(e.getMessage().contains("Shape mismatch, 4 != 5: axis h has length 4 but should have length 5"),
                e.getMessage());
        assertTrue(e.getMessage().contains("check_shape"), e.getMessage());
    }

    @Test
    void aggregatesWithAndWithoutGroupByEqualTheEngineOnTheStackedRows() {
        INDArray all = SparkEinops.toArray(sql("SELECT 0L AS index, einops_reduce_agg(image, 'b c h w -> c', 'max') AS t "
                + "FROM images"), "t", "index");
        assertEquals(Einops.reduce(IMAGES, "b c h w -> 1 c", "max"), all);
        INDArray perLabel = SparkEinops.toArray(sql("SELECT label AS index, einops_reduce_agg(image, 'b c h w -> c h w', "
                + "'sum') AS t FROM images GROUP BY label"), "t", "index");
        for (int label = 0; label < 3; label++) {
            INDArray rows = Nd4j.stack(0, IMAGES.slice(label), IMAGES.slice(label + 3), IMAGES.slice(label + 6),
                    IMAGES.slice(label + 9));
            assertTrue(Einops.reduce(rows, "b c h w -> c h w", "sum").equalsWithEps(perLabel.slice(label), 1e-5));
        }
        INDArray clip = SparkEinops.toArray(sql("SELECT 0L AS index, einops_stack_agg(image, 't c h w -> c t h w', index) "
                + "AS t FROM images WHERE label = 1"), "t", "index").slice(0);
        assertEquals(Einops.rearrange(Nd4j.stack(0, IMAGES.slice(1), IMAGES.slice(4), IMAGES.slice(7), IMAGES.slice(10)),
                "t c h w -> c t h w"), clip);
    }

    @Test
    void explodeInTheSelectListAndInLateralViewEqualsTheDataFrameExplode() {
        Dataset<Row> frame = SparkEinops.rearrange(SPARK.table("images"), "image", "b c (h p) (w q) -> (b h w) c p q",
                Map.of("p", 2, "q", 3), true).selectExpr("index * 4 + h * 2 + w AS index", "image");
        INDArray want = SparkEinops.toArray(frame, "image", "index");
        Dataset<Row> selected = sql("SELECT einops_explode(image, 'b c (h p) (w q) -> (b h w) c p q', map('p', 2, 'q', 3)) "
                + "FROM (SELECT image FROM images ORDER BY index) LIMIT 1000").coalesce(1);
        List<Row> rows = selected.collectAsList();
        assertEquals(want.size(0), rows.size());
        Dataset<Row> lateral = sql("SELECT index, patch FROM images LATERAL VIEW einops_explode(image, "
                + "'b c (h p) (w q) -> (b h w) c p q', map('p', 2, 'q', 3)) patches AS patch");
        assertEquals(want.size(0), lateral.count());
        assertEquals(Einops.rearrange(IMAGES.slice(0).reshape(1, 3, 4, 6), "b c (h p) (w q) -> (b h w) c p q",
                Map.of("p", 2, "q", 3)), SparkEinops.toArray(lateral.filter("index = 0")
                .selectExpr("monotonically_increasing_id() AS index", "patch").coalesce(1), "patch", "index"));
    }

    @Test
    void einsumPerRowAndTheTensorHelpers() {
        INDArray a = tensor(DataType.DOUBLE, 5, 2, 3);
        INDArray b = tensor(DataType.DOUBLE, 5, 3, 4);
        SparkEinops.fromArray(SPARK, a, "a", 2).join(SparkEinops.fromArray(SPARK, b, "b", 2), "index")
                .createOrReplaceTempView("pairs");
        assertTensors(Einops.einsum("n i j, n j k -> n i k", a, b),
                sql("SELECT index, einops_einsum('i j, j k -> i k', a, b) AS t FROM pairs"), "t");
        List<Row> shapes = sql("SELECT tensor_shape(image), tensor_shape(tensor_to_struct(image)), "
                + "size(tensor_data(image)) FROM images LIMIT 1").collectAsList();
        assertEquals(List.of(3, 4, 6), shapes.get(0).getList(0));
        assertEquals(List.of(3, 4, 6), shapes.get(0).getList(1));
        assertEquals(72, shapes.get(0).getInt(2));
        assertTensors(IMAGES, sql("SELECT index, tensor_to_nested(tensor_to_struct(image)) AS t FROM images"), "t");
    }

    @Test
    void badCallsFailAtAnalysisNamingTheProblem() {
        String[][] cases = {
                {"SELECT einops_rearrange(image, concat('c h w -> h w c', repeat(' ', CAST(label AS INT)))) FROM images",
                        "the pattern (argument 2) must be a constant string"},
                {"SELECT einops_rearrange(CAST(label AS STRING), 'c -> c') FROM images", "a column of type string holds no tensors"},
                {"SELECT einops_rearrange(label, 'c -> c') FROM images", "the column holds tensors of rank 0"},
                {"SELECT einops_reduce(image, 'c h w -> c', 'median') FROM images", "Unknown reduction 'median'"},
                {"SELECT einops_rearrange(image, 'b c h w -> b h w c') FROM images",
                        "Wrong shape: expected 4 dims. Received 3-dim tensor"},
                {"SELECT einops_rearrange(image) FROM images", "takes einops_rearrange(t, pattern [, lengths]), got 1"},
                {"SELECT einops_rearrange(image, 'c (h h1) w -> c h h1 w', map('h1', 'two')) FROM images",
                        "must be a constant map of names to integers"},
                {"SELECT einops_reduce_agg(image, 'c h w -> c', 'sum') FROM images", "is per-row"},
        };
        for (String[] c : cases) {
            AnalysisException e = assertThrows(AnalysisException.class, () -> sql(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + "\n" + e.getMessage());
        }
    }

    @Test
    void sqlRunsOnBlocksNotRowByRow() {
        String plan = sql("SELECT einops_rearrange(image, 'c h w -> h w c') FROM images").queryExecution()
                .explainString(org.apache.spark.sql.execution.SimpleMode$.MODULE$);
        assertTrue(plan.contains("EinopsBlock [rearrange 'c h w -> h w c'"), plan);
    }

    @Test
    void nullsAndModesBehaveAsInTheDataFrameApi() {
        assertNull(sql("SELECT einops_rearrange(CAST(NULL AS array<array<float>>), 'h w -> w h')").first().get(0));
        String ragged = "SELECT einops_rearrange(t, 'h w -> w h') FROM VALUES (array(array(1, 2), array(3))) AS tab(t)";
        Exception failed = assertThrows(Exception.class, () -> sql(ragged).collect());
        assertTrue(String.valueOf(failed.getMessage()).contains("ragged nesting")
                || String.valueOf(failed.getCause()).contains("ragged nesting"), failed.toString());
        SPARK.conf().set("spark.einops.mode", "PERMISSIVE");
        assertNull(sql(ragged).first().get(0));
    }

    /** tensor_shape checks a row as the other functions do: FAILFAST fails on a ragged row, PERMISSIVE gives NULL. */
    @Test
    void tensorShapeRejectsARaggedRowAsTheOtherFunctionsDo() {
        String query = "SELECT tensor_shape(t) FROM VALUES (array(array(1.0f, 2.0f, 3.0f), array(4.0f))) AS rows(t)";
        dev.einops.types.EinopsException e = dev.einops.spark.SparkAssertions.einopsFailure(
                () -> sql(query).collect());
        assertTrue(e.getMessage().contains("ragged nesting"), e.getMessage());
        assertTrue(e.getMessage().contains("(column t)"), e.getMessage());
        SPARK.conf().set("spark.einops.mode", "PERMISSIVE");
        assertTrue(sql(query).first().isNullAt(0));
    }
}
