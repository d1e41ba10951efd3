package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.blockMetric;
import static dev.einops.spark.SparkAssertions.einopsFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Malformed rows: FAILFAST fails the query naming the pattern, the row's shape and the reason; PERMISSIVE gives null and counts. */
class BadRowsTest {
    private final SparkSession spark = SparkTestSession.get();

    @AfterEach
    void backToDefaults() {
        spark.conf().unset("spark.einops.mode");
        assertNoBlockMemory();
    }

    private Dataset<Row> nested(List<Row> rows) {
        StructType schema = new StructType(new StructField[] {
                new StructField("index", DataTypes.LongType, false, Metadata.empty()),
                new StructField("t", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)), true,
                        Metadata.empty())});
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    private Dataset<Row> structs(List<Row> rows) {
        StructType schema = new StructType(new StructField[] {
                new StructField("index", DataTypes.LongType, false, Metadata.empty()),
                new StructField("t", TensorColumnType.structType(ElementType.FLOAT64), true, Metadata.empty())});
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    private static final List<Row> RAGGED = List.of(
            RowFactory.create(0L, new float[][] {{1, 2}, {3, 4}}),
            RowFactory.create(1L, new float[][] {{1, 2, 3}, {4}}),
            RowFactory.create(2L, new float[][] {{5, 6}, {7, 8}}));

    @Test
    void raggedNestingFailsTheQueryWithThePatternTheShapeAndTheReason() {
        Dataset<Row> out = SparkEinops.rearrange(nested(RAGGED), "t", "b x y -> b y x");
        EinopsException e = einopsFailure(out::collectAsList);
        assertTrue(e.getMessage().contains("rearrange pattern \"b x y -> b y x\""), e.getMessage());
        assertTrue(e.getMessage().contains("Input tensor shape: [2, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("ragged nesting"), e.getMessage());
        assertTrue(e.getMessage().contains("(column t)"), e.getMessage());
    }

    @Test
    void theMessageNamesTheColumnByItsNameNotItsCatalystExpression() {
        Dataset<Row> weights = nested(RAGGED).withColumnRenamed("t", "layer weights");
        Dataset<Row> out = weights.select(functions.rearrange(org.apache.spark.sql.functions.col("layer weights"),
                "x y -> y x").as("w"));
        EinopsException e = einopsFailure(out::collectAsList);
        assertTrue(e.getMessage().contains("ragged nesting) (column layer weights)"), e.getMessage());
    }

    @Test
    void permissiveModeGivesNullCountsTheRowAndKeepsEveryRow() {
        spark.conf().set("spark.einops.mode", "permissive");
        Dataset<Row> out = SparkEinops.rearrange(nested(RAGGED), "t", "b x y -> b y x").orderBy("index");
        List<Row> rows = out.collectAsList();
        assertEquals(3, rows.size(), "row counts never change");
        assertNotNull(rows.get(0).get(1));
        assertNull(rows.get(1).get(1));
        assertNotNull(rows.get(2).get(1));
        Dataset<Row> unordered = SparkEinops.rearrange(nested(RAGGED), "t", "b x y -> b y x");
        unordered.collect();
        assertEquals(1, blockMetric(unordered, "malformedRows"));
    }

    @Test
    void structDataThatDoesNotFitItsShapeIsMalformed() {
        List<Row> rows = List.of(
                RowFactory.create(0L, RowFactory.create(new int[] {2, 2}, new double[] {1, 2, 3, 4})),
                RowFactory.create(1L, RowFactory.create(new int[] {2, 3}, new double[] {1, 2, 3, 4})));
        EinopsException e = einopsFailure(() -> SparkEinops.reduce(structs(rows), "t", "b x y -> b x", "sum").collect());
        assertTrue(e.getMessage().contains("data has 4 elements but its shape [2, 3] has 6"), e.getMessage());
        assertTrue(e.getMessage().contains("Input tensor shape: [2, 3]"), e.getMessage());
        spark.conf().set("spark.einops.mode", "PERMISSIVE");
        List<Row> out = SparkEinops.reduce(structs(rows), "t", "b x y -> b x", "sum").orderBy("index").collectAsList();
        assertNotNull(out.get(0).get(1));
        assertNull(out.get(1).get(1));
    }

    @Test
    void aLengthThePatternCannotSplitIsMalformedForThatShapeOnly() {
        List<Row> rows = List.of(
                RowFactory.create(0L, RowFactory.create(new int[] {4}, new double[] {1, 2, 3, 4})),
                RowFactory.create(1L, RowFactory.create(new int[] {3}, new double[] {1, 2, 3})),
                RowFactory.create(2L, RowFactory.create(new int[] {6}, new double[] {1, 2, 3, 4, 5, 6})));
        Dataset<Row> df = structs(rows);
        EinopsException e = einopsFailure(() -> SparkEinops.reduce(df, "t", "b (x 2) -> b x", "max").collect());
        assertTrue(e.getMessage().contains("max-reduction pattern \"b (x 2) -> b x\""), e.getMessage());
        assertTrue(e.getMessage().contains("Input tensor shape: [3]"), e.getMessage());
        spark.conf().set("spark.einops.mode", "PERMISSIVE");
        Dataset<Row> out = SparkEinops.reduce(df, "t", "b (x 2) -> b x", "max");
        List<Row> collected = out.orderBy("index").collectAsList();
        assertEquals(List.of(2.0, 4.0), collected.get(0).getStruct(1).getList(1));
        assertNull(collected.get(1).get(1));
        assertEquals(List.of(2.0, 4.0, 6.0), collected.get(2).getStruct(1).getList(1));
    }

    @Test
    void aRowThatContradictsTheRecordedShapeIsMalformed() {
        Dataset<Row> df = nested(RAGGED.subList(0, 1)).withMetadata("t",
                TensorColumnType.of(dev.einops.spark.tensor.TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 2})
                        .metadata());
        EinopsException e = einopsFailure(() -> SparkEinops.rearrange(df, "t", "b x y -> b y x").collect());
        assertTrue(e.getMessage().contains("the row's tensor has shape [2, 2] but the column records every row as [3, 2]"),
                e.getMessage());
    }

    @Test
    void anUnknownModeIsRejectedWhenTheStepIsDefined() {
        spark.conf().set("spark.einops.mode", "lenient");
        EinopsException e = org.junit.jupiter.api.Assertions.assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(nested(RAGGED), "t", "b x y -> b y x", Map.of()));
        assertTrue(e.getMessage().contains("spark.einops.mode=lenient is not accepted: the setting takes FAILFAST or PERMISSIVE"),
                e.getMessage());
    }
}
