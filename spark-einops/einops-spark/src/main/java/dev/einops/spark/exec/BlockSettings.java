package dev.einops.spark.exec;

import dev.einops.types.TensorSizeLimit;
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
 * @param maxTensorBytes the most bytes of one row's result ({@code spark.einops.maxTensorBytes}), at least 1
 */
public record BlockSettings(int rows, long bytes, int kernelThreads, long maxTensorBytes) implements Serializable {
    public BlockSettings {
        if (rows < 1 || bytes < 1 || kernelThreads < 1 || maxTensorBytes < 1) {
            throw new IllegalArgumentException("blocks need at least one row, one byte, one kernel thread and rows "
                    + "of at least one byte, got " + rows + " rows, " + bytes + " bytes, " + kernelThreads
                    + " threads and " + maxTensorBytes + " bytes");
        }
    }

    /** Blocks of {@code rows} rows and {@code bytes} bytes, kernels of {@code kernelThreads} threads, rows of 2 GiB. */
    public BlockSettings(int rows, long bytes, int kernelThreads) {
        this(rows, bytes, kernelThreads, TensorSizeLimit.DEFAULT_BYTES);
    }

    /** The limit of one row's result, named by its setting for messages. */
    public TensorSizeLimit rowLimit() {
        return TensorSizeLimit.of(maxTensorBytes, "spark.einops.maxTensorBytes");
    }

    /** Blocks of {@code rows} rows and {@code bytes} bytes whose kernels run on the task's own thread. */
    public BlockSettings(int rows, long bytes) {
        this(rows, bytes, 1);
    }
}
