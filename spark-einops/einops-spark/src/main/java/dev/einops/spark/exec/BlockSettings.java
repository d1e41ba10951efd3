package dev.einops.spark.exec;

import java.io.Serializable;

/**
 * How the block operator gathers rows: at most {@code rows} rows and about {@code bytes} bytes of
 * input tensors per block, and how many threads the engine's copy and reduction kernels may use for
 * one block. Read from the session's configuration when the query is planned
 * ({@code spark.einops.block.rows}, {@code spark.einops.block.bytes},
 * {@code spark.einops.kernel.threads}).
 *
 * <p>Spark already runs one task per core, so by default a block's kernels stay on the task's own
 * thread: fanning out too would oversubscribe the executor's cores.
 *
 * <pre>{@code
 * new BlockSettings(4096, 16L << 20);   // the defaults: EinopsConf.blockSettings(key -> null)
 * }</pre>
 *
 * @param rows          the most rows in one block, at least 1
 * @param bytes         the input bytes after which a block is closed, at least 1
 * @param kernelThreads the most threads of one block's kernels, at least 1
 */
public record BlockSettings(int rows, long bytes, int kernelThreads) implements Serializable {
    public BlockSettings {
        if (rows < 1 || bytes < 1 || kernelThreads < 1) {
            throw new IllegalArgumentException("blocks need at least one row, one byte and one kernel thread, got "
                    + rows + " rows, " + bytes + " bytes and " + kernelThreads + " threads");
        }
    }

    /** Blocks of {@code rows} rows and {@code bytes} bytes whose kernels run on the task's own thread. */
    public BlockSettings(int rows, long bytes) {
        this(rows, bytes, 1);
    }
}
