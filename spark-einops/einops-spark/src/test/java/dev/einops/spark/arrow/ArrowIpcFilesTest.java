package dev.einops.spark.arrow;

import static dev.einops.spark.SparkAssertions.einopsFailure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.SparkEinops;
import dev.einops.spark.SparkTestSession;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.types.ElementType;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow IPC files with canonical tensor columns; the fixture was written by Apache Arrow's JavaScript library. */
class ArrowIpcFilesTest {
    private final SparkSession spark = SparkTestSession.get();

    @TempDir
    Path dir;

    private static TensorColumnType type(Dataset<Row> df, String column) {
        StructField field = df.schema().apply(column);
        return TensorColumnType.of(field.dataType(), field.metadata());
    }

    @Test
    void aFileOtherToolsWroteReadsAsItsParquetTwinDoes() {
        String path = new File(ArrowIpcFilesTest.class.getResource("/arrow-tensors/fixed.arrow").getFile())
                .getAbsolutePath();
        Dataset<Row> df = SparkEinops.readTensors(spark, path).orderBy("id");
        assertEquals(TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3, 4})
                .withDimNames(List.of("c", "h", "w")), type(df, "image"));
        TensorColumnType t = type(df, "t");
        assertEquals(TensorEncoding.STRUCT, t.encoding());
        assertEquals(List.of("h", "w"), t.dimNames());
        List<Row> rows = df.collectAsList();
        assertEquals(0.5f, (Float) rows.get(0).getList(1).get(1));
        assertTrue(rows.get(1).isNullAt(1));
        assertEquals(List.of(4.0, 5.0), rows.get(1).getStruct(2).getList(0));
        assertEquals(List.of(2, 1), rows.get(1).getStruct(2).getList(1));
        assertArrayEquals(new long[] {3, 4, 2}, type(SparkEinops.rearrange(df, "image", "b c h w -> b h w c"), "image")
                .shape());
    }

    @Test
    void writtenFilesReadBackAsTheyWere() {
        Dataset<Row> df = new TensorFilesTest().mixed(spark);
        String path = dir.resolve("mixed.arrow").toString();
        SparkEinops.writeTensors(df, path, SaveMode.ErrorIfExists, Map.of());
        String keep = System.getenv("EINOPS_TENSOR_FILES_KEEP");   // for make-fixtures.mjs --check
        if (keep != null) {
            SparkEinops.writeTensors(df, keep + "/mixed.arrow", SaveMode.Overwrite, Map.of());
        }
        Dataset<Row> back = SparkEinops.readTensors(spark, path);
        for (String column : df.columns()) {
            assertEquals(df.schema().apply(column).dataType(), back.schema().apply(column).dataType(), column);
            assertEquals(df.schema().apply(column).metadata(), back.schema().apply(column).metadata(), column);
        }
        assertEquals(df.orderBy("id").collectAsList(), back.orderBy("id").collectAsList());
        assertTrue(einopsFailure(() -> SparkEinops.writeTensors(df, path)).getMessage().contains("exists"));
        SparkEinops.writeTensors(df.limit(1), path, SaveMode.Overwrite, Map.of());
        assertEquals(1, SparkEinops.readTensors(spark, path).count());
    }

    @Test
    void aFileLargerThanTheDriverCanHoldIsRefusedBeforeItIsRead() {
        ArrowIpcFiles.checkDriverCanHold("small.arrow", 1_000, 4_000);
        dev.einops.types.EinopsException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.einops.types.EinopsException.class,
                () -> ArrowIpcFiles.checkDriverCanHold("big.arrow", 1_001, 4_000));
        assertTrue(e.getMessage().contains("big.arrow holds 1001 bytes, more than the 1000"), e.getMessage());
        assertTrue(e.getMessage().contains("readTensors"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(dev.einops.types.EinopsException.class,
                () -> ArrowIpcFiles.checkDriverCanHold("huge.arrow", 3L << 30, 64L << 30));
    }
}
