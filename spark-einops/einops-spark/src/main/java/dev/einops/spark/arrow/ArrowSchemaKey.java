package dev.einops.spark.arrow;

import dev.einops.types.EinopsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.Base64;
import java.util.Map;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The Parquet footer's {@code ARROW:schema} key, where pyarrow, arrow-rs and this library keep the
 * Arrow schema a file was written from: the base64 of an Arrow IPC schema message (continuation
 * marker, length, flatbuffer). Spark ignores the key; it carries the tensor extension types.
 *
 * <pre>{@code
 * Schema schema = new Schema(List.of(CanonicalTensor.fixed("t", ElementType.INT32, new long[] {2}, List.of())
 *         .toField(true)));
 * String text = ArrowSchemaKey.encode(schema);     // "/////..." as pyarrow writes it
 * ArrowSchemaKey.decode(text, "part-0.parquet");   // the schema again
 * }</pre>
 *
 * <p>{@link #read} gives the schema in a Parquet file's footer, or null.
 */
public final class ArrowSchemaKey {
    /** The footer key. */
    public static final String KEY = "ARROW:schema";

    private ArrowSchemaKey() {
    }

    /** The footer value of {@code schema}. */
    public static String encode(Schema schema) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * The schema a footer value holds.
     *
     * @param file the file it came from, for the message
     * @throws EinopsException if the value is not base64 of an Arrow schema message
     */
    public static Schema decode(String value, String file) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value.strip());
            Schema schema = MessageSerializer.deserializeSchema(
                    new ReadChannel(Channels.newChannel(new ByteArrayInputStream(bytes))));
            if (schema == null) {
                throw new IOException("the message is empty");
            }
            return schema;
        } catch (IOException | RuntimeException e) {
            throw new EinopsException("the footer's " + KEY + " in " + file + " is no Arrow schema (" + e.getMessage()
                    + "), so its tensor columns' shapes are unknown; spark.read().parquet(...) reads the plain columns",
                    e);
        }
    }

    /** The Arrow schema in the footer of the Parquet file {@code file}, or null if the footer has none. */
    public static Schema read(Path file, Configuration conf) {
        Map<String, String> keys;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            keys = reader.getFooter().getFileMetaData().getKeyValueMetaData();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the footer of " + file, e);
        }
        String value = keys.get(KEY);
        return value == null ? null : decode(value, file.toString());
    }
}
