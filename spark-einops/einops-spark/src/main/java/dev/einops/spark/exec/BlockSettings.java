package dev.einops.spark.exec;

import dev.einops.types.TensorSizeLimit;
import java.io.Serializable;

/**
 * How the block operator gathers rows: at most {@code rows} rows and about {@code bytes} bytes of
 * input tensors or results per block (at least one row), the most bytes one row's result may take, and how many threads the engine's copy and reduction kernels may use for
 * one block. Read from the session's configuration when the query is planned
 * ({@code spark.einops.block.rows}, {@code spark.einops.block.bytes},
 * {@code spark.einops.kernel.threads}, {@code spark.einops.maxTensorBytes}).
 *
 * <p>Spark already runs one task per core, so by default a block's kernels stay on the task's own
 * thread: fanning out too would oversubscribe the executor's cores.
 *
 * <pre>{@code
 * new BlockSettings(4096, 16L << 20);   // the defaults
 * }</pre>
 *
 * @param rows          the most rows in one block, at least 1
 * @param bytes         the input bytes after which a block is closed, at least 1
 * @param kernelThreads the most threads of one block's kernels, at least 1
 * @param maxTensorBytes the most bytes of one row's result, at least 1
 */
public record BlockSettings(int rows, long bytes, int kernelThreads, long maxTensorBytes) implements Serializable {
    /** The default {@code spark.einops.block.rows}. */
    public static final int DEFAULT_ROWS = 4096;
    /** The default {@code spark.einops.block.bytes}: 16 MiB. */
    public static final long DEFAULT_BYTES = 16L << 20;

    /** The default {@code spark.einops.kernel.threads}: the task's own thread. */
    public static final int DEFAULT_KERNEL_THREADS = 1;

    public BlockSettings {
        if (rows < 1 || bytes < 1 || kernelThreads < 1 || maxTensorBytes < 1) {
            throw new IllegalArgumentException("blocks need at least one row (spark.einops.block.rows), one byte "
                    + "(spark.einops.block.bytes), one kernel thread (spark.einops.kernel.threads) and rows of at "
                    + "least one byte (spark.einops.maxTensorBytes), got " + rows + " rows, " + bytes + " bytes, "
                    + kernelThreads + " threads and " + maxTensorBytes + " bytes");
        }
    }

    /** Blocks of {@code rows} rows and {@code bytes} bytes, kernels of {@code kernelThreads} threads, the default row limit. */
    public BlockSettings(int rows, long bytes, int kernelThreads) {
        this(rows, bytes, kernelThreads, TensorSizeLimit.DEFAULT_BYTES);
    }

    /** Blocks of {@code rows} rows and {@code bytes} bytes whose kernels run on the task's thread. */
    public BlockSettings(int rows, long bytes) {
        this(rows, bytes, DEFAULT_KERNEL_THREADS);
    }

    /** The limit of one row's result, named by its setting for messages. */
    public TensorSizeLimit rowLimit() {
        return TensorSizeLimit.of(maxTensorBytes, "spark.einops.maxTensorBytes");
    }
}
