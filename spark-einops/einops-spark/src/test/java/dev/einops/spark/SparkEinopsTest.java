package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.assertTensors;
import static dev.einops.spark.SparkAssertions.blockOperators;
import static dev.einops.spark.SparkAssertions.einopsFailure;
import static dev.einops.spark.SparkAssertions.jobsDuring;
import static dev.einops.spark.SparkAssertions.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.ElementType;
import dev.einops.Einops;
import dev.einops.types.EinopsException;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SparkEinopsTest {
    private final SparkSession spark = SparkTestSession.get();

    @AfterEach
    void everyBlockIsReleased() {
        spark.conf().unset("spark.einops.block.rows");
        spark.conf().unset("spark.einops.block.bytes");
        assertNoBlockMemory();
    }

    static Stream<Arguments> encodingsAndTypes() {
        List<Arguments> out = new ArrayList<>();
        for (TensorEncoding encoding : List.of(TensorEncoding.NESTED, TensorEncoding.STRUCT, TensorEncoding.FLAT)) {
            for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE, DataType.INT, DataType.LONG, DataType.BOOL)) {
                for (int partitions : new int[] {1, 3}) {
                    out.add(Arguments.of(encoding, type, partitions));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("encodingsAndTypes")
    void everyEncodingAndTypeGivesWhatTheEngineGivesOnTheStackedRows(TensorEncoding encoding, DataType type,
                                                                     int partitions) {
        INDArray x = tensor(type, 7, 2, 4, 6);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "t", partitions, encoding);
        assertTensors(Einops.rearrange(x, "b c h w -> b h w c"), SparkEinops.rearrange(df, "t", "b c h w -> b h w c"), "t");
        String reduction = type == DataType.BOOL ? "any" : "max";
        assertTensors(Einops.reduce(x, "b c (h 2) (w 3) -> b c h w", reduction),
                SparkEinops.reduce(df, "t", "b c (h 2) (w 3) -> b c h w", reduction), "t");
        if (type != DataType.BOOL) {
            assertTensors(Einops.reduce(x, "b c h w -> b w", "sum"), SparkEinops.reduce(df, "t", "b c h w -> b w", "sum"), "t");
        }
        assertTensors(Einops.repeat(x, "b c h w -> b c (h 2) w k", Map.of("k", 2)),
                SparkEinops.repeat(df, "t", "b c h w -> b c (h 2) w k", Map.of("k", 2)), "t");
    }

    @Test
    void vectorsRearrangeAndReduceAsOneAxis() {
        INDArray x = tensor(DataType.DOUBLE, 9, 6);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "v", 2, TensorEncoding.VECTOR);
        Dataset<Row> swapped = SparkEinops.rearrange(df, "v", "b (x y) -> b (y x)", Map.of("x", 2));
        assertEquals(df.schema().apply("v").dataType(), swapped.schema().apply("v").dataType());
        assertTensors(Einops.rearrange(x, "b (x y) -> b (y x)", Map.of("x", 2)), swapped, "v");
        assertTensors(Einops.reduce(x, "b (x y) -> b x", "mean", Map.of("x", 2)),
                SparkEinops.reduce(df, "v", "b (x y) -> b x", "mean", Map.of("x", 2)), "v");
    }

    @Test
    void flatColumnsTakeTheirLengthsFromThePattern() {
        INDArray x = tensor(DataType.FLOAT, 5, 3 * 4 * 2);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "pixels", 2, TensorEncoding.FLAT);
        Dataset<Row> hwc = SparkEinops.rearrange(df, "pixels", "b (c h w) -> b h w c", Map.of("c", 3, "h", 4));
        assertEquals(df.schema().apply("pixels").dataType(), hwc.schema().apply("pixels").dataType(), "still flat");
        assertArrayEquals(new long[] {4, 2, 3},
                hwc.schema().apply("pixels").metadata().getLongArray(TensorColumnType.SHAPE_KEY));
        assertTensors(Einops.rearrange(x, "b (c h w) -> b h w c", Map.of("c", 3, "h", 4)), hwc, "pixels");
        // the recorded shape lets the next step name the axes
        assertTensors(Einops.reduce(Einops.rearrange(x, "b (c h w) -> b h w c", Map.of("c", 3, "h", 4)),
                "b h w c -> b c", "sum"), SparkEinops.reduce(hwc, "pixels", "b h w c -> b c", "sum"), "pixels");
    }

    @Test
    void theResultReplacesTheColumnInPlaceAndLeavesTheOthers() {
        INDArray x = tensor(DataType.FLOAT, 4, 2, 3);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "t", 2)
                .selectExpr("concat('id-', index) AS name", "t", "index");
        Dataset<Row> out = SparkEinops.rearrange(df, "t", "b x y -> b y x");
        assertArrayEquals(new String[] {"name", "t", "index"}, out.columns());
        assertEquals(df.select("name", "index").collectAsList(), out.select("name", "index").collectAsList());
        assertTensors(Einops.rearrange(x, "b x y -> b y x"), out, "t");
    }

    @Test
    void theResultTypeAndShapeAreKnownWithoutRunningAJob() {
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 4, 3, 8, 6), "image", 2);
        int jobs = jobsDuring(() -> {
            Dataset<Row> out = SparkEinops.reduce(df, "image", "b c (h 2) (w 2) -> b (h w) c", "mean");
            StructField field = out.schema().apply("image");
            assertEquals(TensorColumnType.of(TensorEncoding.NESTED, dev.einops.types.ElementType.FLOAT32,
                    new long[] {12, 3}).sparkType(), field.dataType());
            assertArrayEquals(new long[] {12, 3}, field.metadata().getLongArray(TensorColumnType.SHAPE_KEY));
        });
        assertEquals(0, jobs, "analysis runs no job");
    }

    @Test
    void explainShowsThePatternsAndConsecutiveStepsRunInOnePass() {
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 6, 3, 4, 4), "image", 2);
        Dataset<Row> out = SparkEinops.reduce(SparkEinops.rearrange(df, "image", "b c h w -> b h w c"),
                "image", "b (h 2) (w 2) c -> b h w c", "max");
        String plan = out.queryExecution().explainString(org.apache.spark.sql.execution.SimpleMode$.MODULE$);
        assertTrue(plan.contains("EinopsBlock [rearrange 'b c h w -> b h w c' per row 'c h w -> h w c', then "
                + "max-reduction 'b (h 2) (w 2) c -> b h w c' per row '(h 2) (w 2) c -> h w c'"), plan);
        org.apache.spark.sql.catalyst.plans.logical.LogicalPlan node =
                ((org.apache.spark.sql.classic.Dataset<Row>) out).queryExecution().analyzed();
        dev.einops.spark.catalyst.EinopsTransform reduceStep = null;
        while (reduceStep == null) {
            for (Object e : scala.jdk.javaapi.CollectionConverters.asJava(node.expressions())) {
                if (e instanceof org.apache.spark.sql.catalyst.expressions.Alias a
                        && a.child() instanceof dev.einops.spark.catalyst.EinopsTransform t
                        && t.prettyName().equals("einops_reduce")) {
                    reduceStep = t;
                }
            }
            node = node.children().head();
        }
        assertEquals("reduce(image, 'b (h 2) (w 2) c -> b h w c', 'max')", reduceStep.sql(),
                "a verb's call as written, not an SQL call that would reject its pattern");
        assertTrue(reduceStep.toString().contains("max-reduction 'b (h 2) (w 2) c -> b h w c' per row "
                + "'(h 2) (w 2) c -> h w c'"), reduceStep.toString());
        out.collect();
        assertEquals(1, blockOperators(out).size(), "one block operator for both steps");
        assertTensors(Einops.reduce(Einops.rearrange(tensor(DataType.FLOAT, 6, 3, 4, 4), "b c h w -> b h w c"),
                "b (h 2) (w 2) c -> b h w c", "max"), out, "image");
    }

    @Test
    void blocksOfAnySizeGiveTheSameRows() {
        INDArray x = tensor(DataType.DOUBLE, 23, 3, 5);
        INDArray expected = Einops.reduce(x, "b c w -> b w c", "sum");
        for (String rows : new String[] {"1", "3", "100000"}) {
            spark.conf().set("spark.einops.block.rows", rows);
            Dataset<Row> df = SparkEinops.fromArray(spark, x, "t", 3);
            assertTensors(expected, SparkEinops.rearrange(df, "t", "b c w -> b w c"), "t");
        }
        spark.conf().set("spark.einops.block.rows", "1000");
        spark.conf().set("spark.einops.block.bytes", "200");   // about two rows of 120 bytes
        assertTensors(expected, SparkEinops.rearrange(SparkEinops.fromArray(spark, x, "t", 3), "t", "b c w -> b w c"), "t");
    }

    @Test
    void nullTensorsGiveNull() {
        StructType schema = new StructType(new StructField[] {
                new StructField("index", DataTypes.LongType, false, Metadata.empty()),
                new StructField("t", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)), true,
                        Metadata.empty())});
        List<Row> rows = List.of(RowFactory.create(0L, new float[][] {{1, 2}, {3, 4}}), RowFactory.create(1L, null),
                RowFactory.create(2L, new float[][] {{5, 6}, {7, 8}}));
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        List<Row> out = SparkEinops.rearrange(df, "t", "b x y -> b y x").orderBy("index").collectAsList();
        assertEquals(3, out.size());
        assertNull(out.get(1).get(1));
        assertEquals(List.of(List.of(1f, 3f), List.of(2f, 4f)), toLists(out.get(0).getList(1)));
    }

    private static List<List<Float>> toLists(List<Object> rows) {
        List<List<Float>> out = new ArrayList<>();
        for (Object r : rows) {
            out.add(scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<Float>) r));
        }
        return out;
    }

    @Test
    void emptyDataFramesAndEmptyPartitionsGiveNoRowsAndTheirType() {
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 3, 2, 5), "t", 1);
        Dataset<Row> none = SparkEinops.rearrange(df.filter("index < 0"), "t", "b x y -> b y x");
        assertEquals(0, none.count());
        assertArrayEquals(new long[] {0, 5, 2}, SparkEinops.toArray(none, "t", "index").shape());
        Dataset<Row> sparse = df.repartition(8);
        assertTensors(Einops.rearrange(tensor(DataType.FLOAT, 3, 2, 5), "b x y -> b y x"),
                SparkEinops.rearrange(sparse, "t", "b x y -> b y x"), "t");
    }

    @Test
    void structRowsOfDifferentShapesEachGetTheirOwnResult() {
        StructType schema = new StructType(new StructField[] {
                new StructField("index", DataTypes.LongType, false, Metadata.empty()),
                new StructField("t", TensorColumnType.structType(dev.einops.types.ElementType.INT32), true,
                        Metadata.empty())});
        List<Row> rows = new ArrayList<>();
        List<INDArray> tensors = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            INDArray t = tensor(DataType.INT, 1 + i % 3, 2 + i % 2).addi(i);
            tensors.add(t);
            rows.add(RowFactory.create((long) i, RowFactory.create(new int[] {(int) t.size(0), (int) t.size(1)},
                    t.dup('c').data().asInt())));
        }
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(3);
        Dataset<Row> out = SparkEinops.reduce(df, "t", "b x y -> b y", "sum").orderBy("index");
        List<Row> collected = out.collectAsList();
        for (int i = 0; i < 12; i++) {
            INDArray expected = Einops.reduce(tensors.get(i), "x y -> y", "sum");
            Row struct = collected.get(i).getStruct(1);
            assertEquals(List.of((int) expected.size(0)), struct.getList(0));
            List<Long> data = struct.getList(1);
            assertEquals(List.of(expected.dup().data().asLong()).size(), 1);
            assertArrayEquals(expected.dup().data().asLong(), data.stream().mapToLong(Long::longValue).toArray());
        }
    }

    @Test
    void aPatternThatCannotFitTheColumnFailsAtOnceWithTheRule() {
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 4, 3, 8, 6), "image", 2);
        EinopsException rowPattern = assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(df, "image", "c h w -> h w c"));
        assertTrue(rowPattern.getMessage().contains("the row axis c moves on the output, so the rows are stacked into "
                + "one tensor, which needs their order"), rowPattern.getMessage());
        assertTrue(rowPattern.getMessage().contains("a column function's pattern describes one row's tensor"),
                rowPattern.getMessage());
        EinopsException rank = assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(df, "image", "b h w -> b w h"));
        assertTrue(rank.getMessage().contains("Wrong shape: expected 3 dims. Received 4-dim tensor: the pattern names the row axis and 2 of each row's tensor, but the column"
                + " holds tensors of rank 3"), rank.getMessage());
        assertTrue(rank.getMessage().contains("(column image)"), rank.getMessage());
        assertTrue(rank.getMessage().contains("a DataFrame verb's pattern starts with the row axis"), rank.getMessage());
        EinopsException split = assertThrows(EinopsException.class,
                () -> SparkEinops.reduce(df, "image", "b c (h 3) w -> b c h w", "max"));
        assertTrue(split.getMessage().contains("b c (h 3) w -> b c h w") && split.getMessage().contains("8"),
                split.getMessage());
        EinopsException column = assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(df, "images", "b c h w -> b h w c"));
        assertTrue(column.getMessage().contains("There is no column 'images'"), column.getMessage());
        EinopsException type = assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(df.selectExpr("index", "'cat' AS label"), "label", "b -> b"));
        assertTrue(type.getMessage().contains("a column of type string holds no tensors"), type.getMessage());
        assertTensors(tensor(DataType.LONG, 4), SparkEinops.rearrange(df.selectExpr("index", "index AS t"), "t", "b -> b")
                .selectExpr("index", "(t * 7 + 3) % 23 - 11 AS t"), "t");
        EinopsException moved = assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(df, "image", "b c h w -> c b h w"));
        assertTrue(moved.getMessage().contains("so the rows are stacked into one tensor, which needs their order"),
                moved.getMessage());
    }

    @Test
    void stepsInsideAFilterRunRowByRowAndAgree() {
        INDArray x = tensor(DataType.FLOAT, 6, 2, 3);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "t", 2);
        org.apache.spark.sql.Column firstOfPooled = org.apache.spark.sql.functions.element_at(
                functions.reduce(org.apache.spark.sql.functions.col("t"), "x y -> y", "max"), 1);
        List<Row> kept = df.filter(firstOfPooled.gt(0)).select("index").orderBy("index").collectAsList();
        INDArray firsts = Einops.reduce(x, "b x y -> b y", "max").getColumn(0);
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if (firsts.getDouble(i) > 0) {
                expected.add((long) i);
            }
        }
        assertEquals(expected, kept.stream().map(r -> r.getLong(0)).toList());
    }

    @Test
    void fromArrayAndToArrayRoundTripInEveryEncoding() {
        for (TensorEncoding encoding : TensorEncoding.values()) {
            INDArray x = encoding == TensorEncoding.VECTOR ? tensor(DataType.DOUBLE, 5, 4) : tensor(DataType.INT, 5, 2, 3);
            assertTensors(x, SparkEinops.fromArray(spark, x, "t", 2, encoding), "t");
        }
        EinopsException missing = einopsFailure(() -> SparkEinops.toArray(
                SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 2, 3), "t", 1).selectExpr("index",
                        "CASE WHEN index = 1 THEN NULL ELSE t END AS t"), "t", "index"));
        assertTrue(missing.getMessage().contains("row 1 (by index) is null"), missing.getMessage());
    }
}
