package dev.einops.spark.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.SparkEinops;
import dev.einops.spark.SparkTestSession;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.transform.NamedAxes;
import dev.einops.types.ElementType;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Javadoc examples of tensor files and named axes, run as written. */
class ArrowJavadocExamplesTest {
    private final SparkSession spark = SparkTestSession.get();

    @TempDir
    Path dir;

    private static String fixture(String name) {
        return new File(ArrowJavadocExamplesTest.class.getResource("/arrow-tensors/" + name).getFile())
                .getAbsolutePath();
    }

    @Test
    void canonicalTensor() {
        // example: CanonicalTensor
        CanonicalTensor t = CanonicalTensor.fixed("image", ElementType.FLOAT32, new long[] {3, 32, 32}, List.of("c", "h", "w"));
        t.toString();   // image: arrow.fixed_shape_tensor {"shape":[3,32,32],"dim_names":["c","h","w"]}
        CanonicalTensor.of(t.toField(true)).orElseThrow().equals(t);   // true: the Arrow field carries it
        // end example
        assertEquals("image: arrow.fixed_shape_tensor {\"shape\":[3,32,32],\"dim_names\":[\"c\",\"h\",\"w\"]}",
                t.toString());
        assertEquals(t, CanonicalTensor.of(t.toField(true)).orElseThrow());
    }

    @Test
    void arrowSchemaKey() {
        // example: ArrowSchemaKey
        Schema schema = new Schema(List.of(CanonicalTensor.fixed("t", ElementType.INT32, new long[] {2}, List.of())
                .toField(true)));
        String text = ArrowSchemaKey.encode(schema);     // "/////..." as pyarrow writes it
        ArrowSchemaKey.decode(text, "part-0.parquet");   // the schema again
        // end example
        assertTrue(text.startsWith("/////"), text);
        assertEquals(schema, ArrowSchemaKey.decode(text, "part-0.parquet"));
    }

    @Test
    void tensorFiles() {
        String path = fixture("fixed.parquet");
        String out = dir.resolve("out.parquet").toString();
        // example: TensorFiles
        Dataset<Row> images = TensorFiles.read(spark, path, Map.of());
        images.schema().apply("image").metadata();   // {"einops.shape":[2,3,4],"einops.dim_names":["c","h","w"]}
        TensorFiles.write(images, out, SaveMode.Overwrite, Map.of());
        // end example
        assertEquals("{\"einops.shape\":[2,3,4],\"einops.dim_names\":[\"c\",\"h\",\"w\"]}",
                images.schema().apply("image").metadata().json());
        assertEquals(images.schema().apply("image").metadata(),
                TensorFiles.read(spark, out, Map.of()).schema().apply("image").metadata());
    }

    @Test
    void arrowIpcFiles() {
        String path = fixture("fixed.arrow");
        String out = dir.resolve("copy.arrow").toString();
        // example: ArrowIpcFiles
        Dataset<Row> df = ArrowIpcFiles.read(spark, path);      // image: shape [2, 3, 4], c h w
        ArrowIpcFiles.write(df, out, SaveMode.Overwrite);       // pyarrow.feather.read_table reads it
        // end example
        TensorColumnType image = TensorColumnType.of(df.schema().apply("image").dataType(),
                df.schema().apply("image").metadata());
        assertArrayEquals(new long[] {2, 3, 4}, image.shape());
        assertEquals(List.of("c", "h", "w"), image.dimNames());
        assertEquals(2, ArrowIpcFiles.read(spark, out).count());
    }

    @Test
    void namedAxes() {
        // example: NamedAxes
        NamedAxes.inputAxes("h w c -> c h w");     // [h, w, c]
        NamedAxes.inputAxes("(h w) c -> c h w");   // []: composed, not checked
        // check(a column named c h w, [h, w, c], ...) throws: ... reads the axes as h w c but column image
        // stores them as c h w ...
        // end example
        assertEquals(List.of("h", "w", "c"), NamedAxes.inputAxes("h w c -> c h w"));
        assertEquals(List.of(), NamedAxes.inputAxes("(h w) c -> c h w"));
    }

    @Test
    void readAndWriteTensors() {
        String path = fixture("fixed.parquet");
        String out = dir.resolve("hwc.parquet").toString();
        // example: SparkEinops#readTensors
        Dataset<Row> df = SparkEinops.readTensors(spark, path);   // image: shape [2, 3, 4], c h w
        SparkEinops.rearrange(df, "image", "b c h w -> b h w c");
        // end example
        // example: SparkEinops#writeTensors
        SparkEinops.writeTensors(SparkEinops.rearrange(df, "image", "b c h w -> b h w c"), out);
        // end example
        Dataset<Row> back = SparkEinops.readTensors(spark, out);
        assertArrayEquals(new long[] {3, 4, 2}, TensorColumnType.of(back.schema().apply("image").dataType(),
                back.schema().apply("image").metadata()).shape());
    }
}
