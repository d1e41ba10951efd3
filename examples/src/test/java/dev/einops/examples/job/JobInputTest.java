package dev.einops.examples.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.types.EinopsException;
import java.io.File;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main job's input from Parquet files that pyarrow-like tools wrote: Arrow's fixed-shape tensor,
 * channels last and named ({@code h w c}), or one unnamed channel first. The fixtures were written by
 * Apache Arrow's JavaScript library and parquet-wasm
 * ({@code einops-spark/src/test/resources/arrow-tensors/make-fixtures.mjs}).
 */
class JobInputTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("job-input-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static String fixture(String name) {
        return new File(JobInputTest.class.getResource("/job-tensors/" + name).getFile()).getAbsolutePath();
    }

    /** The fixtures' pixel values, as make-fixtures.mjs draws them. */
    private static float pixel(int row, int i) {
        return ((row * 7919 + i * 104729) % 1000) / 1000f;
    }

    @Test
    void aChannelsLastTensorNamedHwcBecomesChannelsFirst() {
        try (JobInput in = JobInput.fromTable(spark, fixture("hwc.parquet"), 32, ImageDecoder.DEFAULT_MAX_PIXELS, "hwc")) {
            assertTrue(in.tensors());
            StructField field = in.images().schema().apply("tensor");
            TensorColumnType type = TensorColumnType.of(field.dataType(), field.metadata());
            assertArrayEquals(new long[] {3, 32, 32}, type.shape());
            assertEquals(List.of(), type.dimNames());
            Row dog = in.images().where("label = 'dog'").first();
            List<Float> chw = dog.getList(2);
            // element [c, h, w] of the result is element [h, w, c] of the stored row
            for (int[] at : new int[][] {{0, 0, 0}, {2, 0, 1}, {1, 31, 7}, {2, 31, 31}}) {
                assertEquals(pixel(1, (at[1] * 32 + at[2]) * 3 + at[0]), chw.get((at[0] * 32 + at[1]) * 32 + at[2]),
                        0f, () -> java.util.Arrays.toString(at));
            }
            assertEquals(2, in.used());
        }
    }

    @Test
    void anArrowFileWorksTheSame() {
        try (JobInput in = JobInput.fromTable(spark, fixture("hwc.arrow"), 32, ImageDecoder.DEFAULT_MAX_PIXELS, "hwc")) {
            List<Float> chw = in.images().first().getList(2);
            assertEquals(3 * 32 * 32, chw.size());
            assertEquals(pixel(0, (5 * 32 + 6) * 3 + 2), chw.get((2 * 32 + 5) * 32 + 6), 0f);
        }
    }

    @Test
    void anUnnamedAxisOfLengthOneIsTheChannel() {
        try (JobInput in = JobInput.fromTable(spark, fixture("gray.parquet"), 32, ImageDecoder.DEFAULT_MAX_PIXELS, "gray")) {
            StructField field = in.images().schema().apply("tensor");
            assertArrayEquals(new long[] {1, 32, 32}, TensorColumnType.of(field.dataType(), field.metadata()).shape());
            assertEquals(pixel(0, 40), (Float) in.images().where("label = 'a'").first().getList(2).get(40), 0f);
        }
    }

    @Test
    void anotherSizeSaysWhatTheColumnHolds() {
        EinopsException e = assertThrows(EinopsException.class,
                () -> JobInput.fromTable(spark, fixture("hwc.parquet"), 64, ImageDecoder.DEFAULT_MAX_PIXELS, "hwc"));
        assertTrue(e.getMessage().contains("holds tensors of shape [32, 32, 3] named [h, w, c], not three axes")
                && e.getMessage().contains("h = w = 64"), e.getMessage());
    }
}
