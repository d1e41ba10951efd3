package dev.einops.spark;

import dev.einops.spark.exec.BlockSettings;
import dev.einops.types.EinopsException;
import dev.einops.types.TensorSizeLimit;
import org.apache.spark.network.util.JavaUtils;
import java.util.function.BinaryOperator;
import org.apache.spark.sql.RuntimeConfig;

/**
 * The configuration keys of einops on Spark, with their defaults: session settings read when a step
 * is defined or a query planned. Sizes take a unit ({@code 16m}).
 *
 * <pre>{@code
 * spark.conf().set(EinopsConf.BLOCK_ROWS, "1024");
 * EinopsConf.blockSettings(spark.conf()).rows();   // 1024
 * }</pre>
 */
public final class EinopsConf {
    /** {@code FAILFAST} (default) or {@code PERMISSIVE}: what a malformed row does. */
    public static final String MODE = "spark.einops.mode";
    /** The most rows in one block (default 4096). */
    public static final String BLOCK_ROWS = "spark.einops.block.rows";
    /** Input bytes after which a block is closed (default 16m). */
    public static final String BLOCK_BYTES = "spark.einops.block.bytes";
    /** Threads of one block's copy and reduction kernels (default 1: Spark runs a task per core). */
    public static final String KERNEL_THREADS = "spark.einops.kernel.threads";
    /** Input bytes a reduction across rows gathers per group before reducing them (default 4m). */
    public static final String AGGREGATE_BLOCK_BYTES = "spark.einops.aggregate.block.bytes";
    /** The most tensor bytes one stacked group may hold (default 256m). */
    public static final String STACK_MAX_BYTES = "spark.einops.stack.maxBytes";
    /**
     * The most bytes one row's tensor, as a step's result, may take (default 2g): checked at
     * analysis where the column's shape is known, else per block before its memory is taken.
     */
    public static final String MAX_TENSOR_BYTES = "spark.einops.maxTensorBytes";
    /** The depth of the tree that {@code reduceToArray} merges partitions with (default 2). */
    public static final String TREE_AGGREGATE_DEPTH = "spark.einops.treeAggregate.depth";

    static final String DEFAULT_AGGREGATE_BLOCK_BYTES = "4m";
    static final String DEFAULT_STACK_MAX_BYTES = "256m";

    private EinopsConf() {
    }

    /** The block settings of per-row steps and explodes. */
    public static BlockSettings blockSettings(RuntimeConfig conf) {
        return blockSettings(conf::get);
    }

    /**
     * {@link #blockSettings(RuntimeConfig)} from a lookup of (key, default) to value, such as Spark's SQLConf.
     *
     * @throws EinopsException naming the key and the values it accepts, for a value out of range or not a number
     */
    public static BlockSettings blockSettings(BinaryOperator<String> conf) {
        return new BlockSettings(positiveInt(conf, BLOCK_ROWS, BlockSettings.DEFAULT_ROWS),
                positiveBytes(conf, BLOCK_BYTES, Long.toString(BlockSettings.DEFAULT_BYTES)),
                positiveInt(conf, KERNEL_THREADS, BlockSettings.DEFAULT_KERNEL_THREADS),
                maxTensorBytes(conf).bytes());
    }

    /** The limit of one row's tensor, {@value #MAX_TENSOR_BYTES}, from a lookup of (key, default) to value. */
    public static TensorSizeLimit maxTensorBytes(BinaryOperator<String> conf) {
        return TensorSizeLimit.of(positiveBytes(conf, MAX_TENSOR_BYTES, Long.toString(TensorSizeLimit.DEFAULT_BYTES)),
                MAX_TENSOR_BYTES);
    }

    /** The block settings of reductions across rows: smaller blocks, since every group holds one. */
    public static BlockSettings aggregateSettings(RuntimeConfig conf) {
        BlockSettings rows = blockSettings(conf);
        return new BlockSettings(rows.rows(), positiveBytes(conf::get, AGGREGATE_BLOCK_BYTES,
                DEFAULT_AGGREGATE_BLOCK_BYTES), rows.kernelThreads(), rows.maxTensorBytes());
    }

    /** The most bytes of tensors one stacked group may hold. */
    public static long stackMaxBytes(RuntimeConfig conf) {
        return positiveBytes(conf::get, STACK_MAX_BYTES, DEFAULT_STACK_MAX_BYTES);
    }

    /** What a malformed row does. */
    public static ErrorMode mode(RuntimeConfig conf) {
        return ErrorMode.of(conf.get(MODE, ErrorMode.FAILFAST.name()));
    }

    /** The depth of {@code reduceToArray}'s tree aggregation. */
    public static int treeAggregateDepth(RuntimeConfig conf) {
        return positiveInt(conf::get, TREE_AGGREGATE_DEPTH, 2);
    }

    private static int positiveInt(BinaryOperator<String> conf, String key, int fallback) {
        String text = conf.apply(key, Integer.toString(fallback));
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new EinopsException(key + " must be a whole number from 1 to " + Integer.MAX_VALUE + ", got '"
                + text + "'");
    }

    private static long positiveBytes(BinaryOperator<String> conf, String key, String fallback) {
        String text = conf.apply(key, fallback);
        try {
            long value = JavaUtils.byteStringAsBytes(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Spark's parser says "Failed to parse byte string": reported below with the key
        }
        throw new EinopsException(key + " must be a size of at least 1 byte, in bytes or with a unit (k, m, g, t), "
                + "such as 16m, got '" + text + "'");
    }
}
