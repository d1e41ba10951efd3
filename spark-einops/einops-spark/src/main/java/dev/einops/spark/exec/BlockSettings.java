package dev.einops.spark.exec;

import java.io.Serializable;

/**
 * How the block operator gathers rows: at most {@code rows} rows and about {@code bytes} bytes of
 * input tensors per block. Read from the session's configuration when the query is planned
 * ({@code spark.einops.block.rows}, {@code spark.einops.block.bytes}).
 *
 * <pre>{@code
 * new BlockSettings(4096, 16L << 20);   // the defaults
 * }</pre>
 *
 * @param rows  the most rows in one block, at least 1
 * @param bytes the input bytes after which a block is closed, at least 1
 */
public record BlockSettings(int rows, long bytes) implements Serializable {
    /** The default {@code spark.einops.block.rows}. */
    public static final int DEFAULT_ROWS = 4096;
    /** The default {@code spark.einops.block.bytes}: 16 MiB. */
    public static final long DEFAULT_BYTES = 16L << 20;

    public BlockSettings {
        if (rows < 1 || bytes < 1) {
            throw new IllegalArgumentException("blocks need at least one row and one byte, got " + rows + " rows and "
                    + bytes + " bytes");
        }
    }
}
