package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.blockMetric;
import static dev.einops.spark.SparkAssertions.einopsFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.memory.Slab;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Results too large to hold, memory limits and bad settings: an {@link EinopsException} (or an
 * analysis error) naming the pattern, the size and the limit, before any memory is taken; the
 * session lives on.
 */
class LimitsTest {
    private static final String REPEAT = "b c h w -> b c h w r";
    private final SparkSession spark = SparkTestSession.get();

    @AfterEach
    void backToDefaults() {
        for (String key : List.of(EinopsConf.MODE, EinopsConf.MAX_TENSOR_BYTES, EinopsConf.BLOCK_ROWS,
                EinopsConf.BLOCK_BYTES)) {
            spark.conf().unset(key);
        }
        assertNoBlockMemory();
    }

    /** Rows of 3 x 8 x 8 float images, nested, with the shape in the column's metadata when {@code known}. */
    private Dataset<Row> images(boolean known) {
        Metadata metadata = known ? new MetadataBuilder().putLongArray(TensorColumnType.SHAPE_KEY, new long[] {3, 8, 8})
                .build() : Metadata.empty();
        StructType schema = new StructType(new StructField[] {
                new StructField("index", DataTypes.LongType, false, Metadata.empty()),
                new StructField("image", DataTypes.createArrayType(DataTypes.createArrayType(
                        DataTypes.createArrayType(DataTypes.FloatType))), true, metadata)});
        float[][][] image = new float[3][8][8];
        image[1][2][3] = 5;
        // repartitioned, so that the optimizer cannot fold the steps into a local relation on the driver
        return spark.createDataFrame(List.of(RowFactory.create(0L, image), RowFactory.create(1L, image)), schema)
                .repartition(2);
    }

    @Test
    void aRepeatWhoseShapeAnalysisKnowsFailsAtAnalysisInEitherMode() {
        for (String mode : List.of("FAILFAST", "PERMISSIVE")) {
            spark.conf().set(EinopsConf.MODE, mode);
            AnalysisException e = assertThrows(AnalysisException.class,
                    () -> SparkEinops.repeat(images(true), "image", REPEAT, Map.of("r", 1_000_000_000_000L)));
            assertTrue(e.getMessage().contains("repeat pattern \"" + REPEAT + "\""), e.getMessage());
            assertTrue(e.getMessage().contains("one row's result [3, 8, 8, 1000000000000] of 4-byte elements needs "
                    + "768000000000000 bytes (698.5 TiB), more than the limit of 2147483648 bytes (2.0 GiB) per "
                    + "tensor (spark.einops.maxTensorBytes)"), e.getMessage());
        }
        assertEquals(2, SparkEinops.repeat(images(true), "image", REPEAT, Map.of("r", 2)).count(), "the session lives on");
    }

    @Test
    void aRepeatWhoseShapeOnlyTheRowsTellFailsBeforeItsBlockIsAllocated() {
        Dataset<Row> out = SparkEinops.repeat(images(false), "image", REPEAT, Map.of("r", 100_000_000L));
        EinopsException e = einopsFailure(out::collectAsList);
        assertTrue(e.getMessage().contains("one row's result [3, 8, 8, 100000000] of 4-byte elements needs "
                + "76800000000 bytes (71.5 GiB), more than the limit of 2147483648 bytes (2.0 GiB) per tensor "
                + "(spark.einops.maxTensorBytes) (column image) (row 0 of partition "), e.getMessage());
        assertTrue(e.getMessage().contains("repeat pattern \"" + REPEAT + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("Input tensor shape: [3, 8, 8]"), e.getMessage());

        spark.conf().set(EinopsConf.MODE, "PERMISSIVE");
        Dataset<Row> lenient = SparkEinops.repeat(images(false), "image", REPEAT, Map.of("r", 100_000_000L));
        List<Row> rows = lenient.collectAsList();
        assertEquals(2, rows.size(), "row counts never change");
        assertNull(rows.get(0).get(1));
        assertEquals(2, blockMetric(lenient, "malformedRows"));
    }

    @Test
    void theLimitIsASetting() {
        spark.conf().set(EinopsConf.MAX_TENSOR_BYTES, "1k");
        // 3 * 8 * 8 * 4 bytes = 768 bytes fit; twice that does not
        assertEquals(2, SparkEinops.repeat(images(false), "image", REPEAT, Map.of("r", 1)).count());
        EinopsException e = einopsFailure(
                SparkEinops.repeat(images(false), "image", REPEAT, Map.of("r", 2))::collectAsList);
        assertTrue(e.getMessage().contains("more than the limit of 1024 bytes (1.0 KiB) per tensor "
                + "(spark.einops.maxTensorBytes)"), e.getMessage());
    }

    @Test
    void everyBadSettingNamesItsKeyAndTheAcceptedValues() {
        Dataset<Row> df = images(false);
        spark.conf().set(EinopsConf.BLOCK_ROWS, "0");
        EinopsException rows = einopsFailure(SparkEinops.rearrange(df, "image", "b c h w -> b h w c")::collectAsList);
        assertEquals("spark.einops.block.rows=0 is not accepted: the setting takes a whole number >= 1 (default 4096)",
                rows.getMessage());
        spark.conf().unset(EinopsConf.BLOCK_ROWS);
        spark.conf().set(EinopsConf.BLOCK_BYTES, "lots");
        EinopsException bytes = einopsFailure(SparkEinops.rearrange(df, "image", "b c h w -> b h w c")::collectAsList);
        assertEquals("spark.einops.block.bytes=lots is not accepted: the setting takes a positive size in bytes, with "
                + "or without a unit (16m, 1g) (default 16m)", bytes.getMessage());
        spark.conf().unset(EinopsConf.BLOCK_BYTES);
        spark.conf().set(EinopsConf.MAX_TENSOR_BYTES, "-1");
        EinopsException max = einopsFailure(() -> SparkEinops.rearrange(df, "image", "b c h w -> b h w c").collect());
        assertEquals("spark.einops.maxTensorBytes=-1 is not accepted: the setting takes a positive size in bytes, with "
                + "or without a unit (16m, 1g) (default 2g)", max.getMessage());
    }

    @Test
    void aBlockOverTheMemoryLimitIsASerializableEinopsExceptionNamingTheSetting() throws Exception {
        try (RootAllocator root = new RootAllocator(32L << 20); Slab slab = new Slab(root)) {
            EinopsException e = assertThrows(EinopsException.class, () -> slab.ensure(64L << 20));
            assertTrue(e.getMessage().startsWith("a block needs 67108864 bytes (64.0 MiB) of native memory, but "
                    + "spark.einops.memory.limit is 33554432 bytes (32.0 MiB)"), e.getMessage());
            new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(e);
            slab.ensure(16L << 20);
            slab.setUsed(1);
            // doubling to 32 MiB while holding 16 would pass the limit: the slab asks for what it needs
            EinopsException growing = assertThrows(EinopsException.class, () -> slab.ensure(24L << 20));
            assertTrue(growing.getMessage().startsWith("a block needs 25165824 bytes (24.0 MiB)"), growing.getMessage());
            slab.setUsed(0);
            // with nothing to keep, the old buffer goes first
            slab.ensure(24L << 20);
            assertEquals(root.getAllocatedMemory(), slab.capacity());
        }
    }

    @Test
    void axesOfAPerRowPatternAreNumberedAsWritten() {
        Dataset<Row> df = images(false).selectExpr("index", "image[0] AS plane");
        EinopsException e = einopsFailure(df.select(functions.rearrange(df.col("plane"), "h w -> w h",
                Map.of("h", 0)))::collectAsList);
        assertTrue(e.getMessage().contains("input axis 0 is h"), e.getMessage());
    }

    @Test
    void nestedResultsOfManyInnerArraysEqualTheStructEncodings() {
        // a layout with an innermost array per element: the shape that ran out of heap at 4096 x 4096
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, 1, 128, 128);
        Dataset<Row> nested = SparkEinops.fromArray(spark, images, "image", 2);
        Dataset<Row> struct = SparkEinops.fromArray(spark, images, "image", 2, TensorEncoding.STRUCT);
        INDArray expected = images.permute(0, 2, 3, 1).dup();
        assertEquals(expected, SparkEinops.toArray(SparkEinops.rearrange(nested, "image", "b c h w -> b h w c"),
                "image", "index"));
        assertEquals(expected, SparkEinops.toArray(SparkEinops.rearrange(struct, "image", "b c h w -> b h w c"),
                "image", "index"));
    }
}
