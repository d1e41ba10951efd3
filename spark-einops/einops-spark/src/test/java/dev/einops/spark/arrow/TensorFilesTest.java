package dev.einops.spark.arrow;

import static dev.einops.spark.SparkAssertions.einopsFailure;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.SparkTestSession;
import dev.einops.spark.functions;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parquet files with Arrow's canonical tensor types: the fixtures were written by Apache Arrow's
 * JavaScript library and parquet-wasm ({@code src/test/resources/arrow-tensors/make-fixtures.mjs}).
 */
class TensorFilesTest {
    private final SparkSession spark = SparkTestSession.get();

    @TempDir
    Path dir;

    private static String fixture(String name) {
        return new File(TensorFilesTest.class.getResource("/arrow-tensors/" + name).getFile()).getAbsolutePath();
    }

    private static TensorColumnType type(Dataset<Row> df, String column) {
        StructField field = df.schema().apply(column);
        return TensorColumnType.of(field.dataType(), field.metadata());
    }

    private static float[] floats(Row row, int field) {
        List<Object> values = row.getList(field);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) values.get(i);
        }
        return out;
    }

    @Test
    void fixedShapeColumnsOfEveryElementTypeCarryTheirShapeAndAxesNames() {
        Dataset<Row> df = SparkEinops.readTensors(spark, fixture("fixed.parquet"));
        assertEquals(TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3, 4})
                .withDimNames(List.of("c", "h", "w")), type(df, "image"));
        assertEquals(TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT64, new long[] {2, 2}), type(df, "f64"));
        assertEquals(TensorColumnType.of(TensorEncoding.FLAT, ElementType.INT32, new long[] {3})
                .withDimNames(List.of("x")), type(df, "i32"));
        assertEquals(TensorColumnType.of(TensorEncoding.FLAT, ElementType.INT64, new long[] {2, 1, 2}), type(df, "i64"));
        assertEquals(TensorColumnType.of(TensorEncoding.FLAT, ElementType.BOOL, new long[] {2, 2}), type(df, "flag"));
        assertEquals(DataTypes.IntegerType, df.schema().apply("id").dataType());
        assertTrue(df.schema().apply("image").metadata().json().contains("\"einops.dim_names\":[\"c\",\"h\",\"w\"]"));

        List<Row> rows = df.orderBy("id").collectAsList();
        assertArrayEquals(floats(IntStream.range(0, 24).mapToObj(i -> i / 2f).toList()), floats(rows.get(0), 1));
        assertTrue(rows.get(1).isNullAt(1));
        assertEquals(List.of(9.0, 8.0, 7.0, 6.0), rows.get(2).getList(2));
        assertEquals(List.of(-1L, -2L, -3L, -4L), rows.get(2).getList(4));
        assertEquals(List.of(true, false, false, true), rows.get(0).getList(5));

        // the shape is known at analysis, so the verbs read the flat storage as c h w
        Dataset<Row> hwc = SparkEinops.rearrange(df, "image", "b c h w -> b h w c").orderBy("id");
        assertArrayEquals(new long[] {3, 4, 2}, type(hwc, "image").shape());
        float[] expected = Einops.rearrange(Nd4j.createFromArray(floats(rows.get(2), 1)).reshape(2, 3, 4),
                "c h w -> h w c").dup().data().asFloat();
        List<Row> out = hwc.collectAsList();
        assertArrayEquals(expected, floats(out.get(2), 1));
        assertTrue(out.get(1).isNullAt(1));
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    @Test
    void aPermutedTensorIsReadInItsLogicalLayout() {
        Dataset<Row> df = SparkEinops.readTensors(spark, fixture("permuted.parquet")).orderBy("id");
        // physical shape [2, 3, 4] named x y z, permutation [2, 0, 1]: logically [4, 2, 3], z x y
        assertEquals(TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT64, new long[] {4, 2, 3})
                .withDimNames(List.of("z", "x", "y")), type(df, "t"));
        Row second = df.collectAsList().get(1);
        double[] physical = IntStream.range(0, 24).mapToDouble(i -> 100 + i).toArray();
        double[] logical = Einops.rearrange(Nd4j.createFromArray(physical).reshape(2, 3, 4), "x y z -> z x y").dup()
                .data().asDouble();
        assertArrayEquals(logical, second.getList(1).stream().mapToDouble(v -> (Double) v).toArray());
        // element [z=1, x=1, y=2] is physical [x=1, y=2, z=1]
        assertEquals(100 + 1 * 12 + 2 * 4 + 1, logical[1 * 6 + 1 * 3 + 2]);
    }

    @Test
    void variableShapeColumnsAreTensorStructsDataFirst() {
        Dataset<Row> df = SparkEinops.readTensors(spark, fixture("variable.parquet")).orderBy("id");
        TensorColumnType t = type(df, "t");
        assertEquals(TensorEncoding.STRUCT, t.encoding());
        assertArrayEquals(new long[] {-1, 3}, t.shape());
        assertEquals(List.of("h", "w"), t.dimNames());
        assertEquals(0, t.structLayout().dataOrdinal());
        assertArrayEquals(new long[] {-1}, type(df, "v").shape());

        List<Row> rows = df.select(col("id"), functions.rearrange(col("t"), "h w -> w h").as("wh"),
                col("v").getField("data").as("v"), col("p")).collectAsList();
        assertEquals(List.of(1f, 4f, 2f, 5f, 3f, 6f), rows.get(1).getStruct(1).getList(1));
        assertEquals(List.of(3, 2), rows.get(1).getStruct(1).getList(0));
        assertTrue(rows.get(2).isNullAt(1));
        assertEquals(List.of(3, 0), rows.get(3).getStruct(1).getList(0));
        assertEquals(List.of(4L, 5L, 6L), rows.get(2).getList(2));
        // p is permuted [1, 0]: a 2x3 stored row is logically its 3x2 transpose, named b a
        Row p = rows.get(0).getStruct(3);
        assertEquals(List.of(3, 2), p.getList(p.fieldIndex("shape")));
        assertEquals(List.of(1, 4, 2, 5, 3, 6), p.getList(p.fieldIndex("data")));
        assertEquals(List.of("b", "a"), type(df, "p").dimNames());
    }

    @Test
    void anEmptyFileKeepsItsShapeAndAFileWithoutTensorsReadsAsSparkReadsIt() {
        Dataset<Row> empty = SparkEinops.readTensors(spark, fixture("empty.parquet"));
        assertEquals(0, empty.count());
        assertArrayEquals(new long[] {2, 2}, type(empty, "image").shape());
        assertEquals(0, SparkEinops.rearrange(empty, "image", "b h w -> b w h").count());

        String plain = dir.resolve("plain").toString();
        spark.range(3).withColumn("xs", org.apache.spark.sql.functions.array(col("id"), col("id"))).write().parquet(plain);
        assertEquals(spark.read().parquet(plain).schema(), SparkEinops.readTensors(spark, plain).schema());
    }

    @Test
    void aCorruptedOrContradictoryArrowSchemaFailsNamingTheFileAndColumn() {
        EinopsException corrupted = einopsFailure(() -> SparkEinops.readTensors(spark, fixture("corrupted.parquet")));
        assertTrue(corrupted.getMessage().contains("ARROW:schema in ") && corrupted.getMessage().contains("corrupted.parquet")
                && corrupted.getMessage().contains("spark.read().parquet"), corrupted.getMessage());
        EinopsException contradiction = einopsFailure(() -> SparkEinops.readTensors(spark,
                fixture("contradiction.parquet")));
        assertTrue(contradiction.getMessage().contains("column 't'") && contradiction.getMessage().contains(
                "shape [3, 2] (6 elements) but its storage holds lists of 4"), contradiction.getMessage());
    }

    /** Every kind of tensor column, and two array columns that are no tensors. */
    Dataset<Row> mixed(SparkSession spark) {
        Metadata nestedShape = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {2, 3})
                .metadata();
        Metadata flatNamed = TensorColumnType.of(TensorEncoding.FLAT, ElementType.INT64, new long[] {2, 2})
                .withDimNames(List.of("h", "w")).metadata();
        StructType schema = new StructType(new StructField[] {
                new StructField("id", DataTypes.LongType, false, Metadata.empty()),
                new StructField("nested", TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32,
                        new long[] {2, 3}).sparkType(), true, nestedShape),
                new StructField("ragged", TensorColumnType.structType(ElementType.INT32), true, Metadata.empty()),
                new StructField("flat", DataTypes.createArrayType(DataTypes.LongType, false), true, flatNamed),
                new StructField("vec", org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), true, Metadata.empty()),
                new StructField("tags", DataTypes.createArrayType(DataTypes.StringType), true, Metadata.empty()),
                new StructField("labels", DataTypes.createArrayType(DataTypes.IntegerType), true, Metadata.empty())});
        List<Row> rows = List.of(
                RowFactory.create(0L, List.of(List.of(1f, 2f, 3f), List.of(4f, 5f, 6f)),
                        RowFactory.create(List.of(2, 1), List.of(7, 8)), List.of(1L, 2L, 3L, 4L),
                        Vectors.dense(1, 2), List.of("a"), List.of(1, 2)),
                RowFactory.create(1L, null, RowFactory.create(List.of(1, 3), List.of(1, 2, 3)), null,
                        Vectors.dense(3, 4), List.of(), List.of()),
                RowFactory.create(2L, List.of(List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)), null,
                        List.of(5L, 6L, 7L, 8L), Vectors.dense(5, 6), null, null));
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    @Test
    void writtenFilesReadBackAsTheyWereAndTheFooterMarksEachTensorColumn() throws Exception {
        Dataset<Row> df = mixed(spark);
        // EINOPS_TENSOR_FILES_KEEP=/some/dir keeps the file, for make-fixtures.mjs --check
        String keep = System.getenv("EINOPS_TENSOR_FILES_KEEP");
        String path = keep != null ? keep + "/mixed.parquet" : dir.resolve("mixed.parquet").toString();
        SparkEinops.writeTensors(df, path, SaveMode.Overwrite, Map.of());

        Dataset<Row> back = SparkEinops.readTensors(spark, path);
        for (String column : df.columns()) {
            StructField before = df.schema().apply(column);
            StructField after = back.schema().apply(column);
            assertEquals(before.dataType(), after.dataType(), column);
            assertEquals(before.metadata(), after.metadata(), column);
        }
        assertEquals(df.orderBy("id").collectAsList(), back.orderBy("id").collectAsList());

        // the footer, read with Arrow Java's schema reader
        File part = Files.list(Path.of(path)).map(Path::toFile).filter(f -> f.getName().endsWith(".parquet"))
                .findFirst().orElseThrow();
        Schema arrow = ArrowSchemaKey.read(new org.apache.hadoop.fs.Path(part.getAbsolutePath()),
                spark.sparkContext().hadoopConfiguration());
        Map<String, CanonicalTensor> tensors = new java.util.HashMap<>();
        for (Field field : arrow.getFields()) {
            CanonicalTensor.of(field).ifPresent(t -> tensors.put(field.getName(), t));
        }
        assertEquals(java.util.Set.of("nested", "ragged", "flat", "vec"), tensors.keySet());
        assertEquals("nested: arrow.fixed_shape_tensor {\"shape\":[2,3]}", tensors.get("nested").toString());
        assertEquals("ragged: arrow.variable_shape_tensor {}",
                tensors.get("ragged").toString());
        assertEquals("flat: arrow.fixed_shape_tensor {\"shape\":[2,2],\"dim_names\":[\"h\",\"w\"]}",
                tensors.get("flat").toString());
        assertEquals("vec: arrow.fixed_shape_tensor {\"shape\":[2]}", tensors.get("vec").toString());
        assertEquals(ElementType.INT32, tensors.get("ragged").elementType());
        assertEquals(List.of("id", "nested", "ragged", "flat", "vec", "tags", "labels"),
                arrow.getFields().stream().map(Field::getName).toList());

        // Spark alone reads the stored forms, shapes included
        Dataset<Row> plain = spark.read().parquet(path);
        assertEquals(DataTypes.createArrayType(DataTypes.FloatType, true), plain.schema().apply("nested").dataType());
        assertArrayEquals(new long[] {2, 3}, plain.schema().apply("nested").metadata()
                .getLongArray(TensorColumnType.SHAPE_KEY));
        assertEquals(List.of("data", "shape"), Arrays.asList(((StructType) plain.schema().apply("ragged").dataType())
                .fieldNames()));
    }

    @Test
    void aColumnOfSeveralRanksCannotBeWrittenAsATensor() {
        StructType schema = new StructType(new StructField[] {
                new StructField("t", TensorColumnType.structType(ElementType.FLOAT32), true, Metadata.empty())});
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(RowFactory.create(List.of(1), List.of(1f))),
                RowFactory.create(RowFactory.create(List.of(1, 1), List.of(1f)))), schema);
        EinopsException e = einopsFailure(() -> SparkEinops.writeTensors(df, dir.resolve("ranks").toString()));
        assertEquals("column 't' holds tensors of ranks 1 to 2; Arrow's variable-shape tensor has one rank, so the "
                + "column cannot be written as a tensor", e.getMessage());
        assertFalse(Files.exists(dir.resolve("ranks")));
    }

    @Test
    void aStructWithTheShapeAsAnyIntegerArrayAndDataFirstIsATensor() {
        StructType struct = new StructType(new StructField[] {
                new StructField("data", DataTypes.createArrayType(DataTypes.DoubleType), true, Metadata.empty()),
                new StructField("shape", DataTypes.createArrayType(DataTypes.LongType), true, Metadata.empty())});
        StructType schema = new StructType(new StructField[] {new StructField("t", struct, true, Metadata.empty())});
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(RowFactory.create(List.of(1.0, 2.0, 3.0, 4.0,
                5.0, 6.0), List.of(2L, 3L)))), schema);
        Row out = df.select(functions.rearrange(col("t"), "h w -> w h").as("t"),
                dev.einops.spark.catalyst.EinopsColumns.shape(col("t")).as("s")).first();
        assertEquals(List.of(1.0, 4.0, 2.0, 5.0, 3.0, 6.0), out.getStruct(0).getList(1));
        assertEquals(List.of(2, 3), out.getList(1));
        assertNull(TensorColumnType.of(struct, Metadata.empty()).shape());
    }
}
