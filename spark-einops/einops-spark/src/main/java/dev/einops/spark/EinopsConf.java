package dev.einops.spark;

import dev.einops.spark.exec.BlockSettings;
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
    /** The depth of the tree that {@code reduceToArray} merges partitions with (default 2). */
    public static final String TREE_AGGREGATE_DEPTH = "spark.einops.treeAggregate.depth";

    /**
     * {@code true} (default) or {@code false}: whether a pattern whose input side names a column's
     * {@code dim_names} in another order fails at analysis.
     */
    public static final String DIM_NAMES_CHECK = "spark.einops.dimNames.check";

    static final String DEFAULT_AGGREGATE_BLOCK_BYTES = "4m";
    static final String DEFAULT_STACK_MAX_BYTES = "256m";

    private EinopsConf() {
    }

    /** The block settings of per-row steps and explodes. */
    public static BlockSettings blockSettings(RuntimeConfig conf) {
        return blockSettings(conf::get);
    }

    /** {@link #blockSettings(RuntimeConfig)} from a lookup of (key, default) to value, such as Spark's SQLConf. */
    public static BlockSettings blockSettings(BinaryOperator<String> conf) {
        return new BlockSettings(Integer.parseInt(conf.apply(BLOCK_ROWS, Integer.toString(BlockSettings.DEFAULT_ROWS))),
                bytes(conf, BLOCK_BYTES, Long.toString(BlockSettings.DEFAULT_BYTES)),
                Integer.parseInt(conf.apply(KERNEL_THREADS, Integer.toString(BlockSettings.DEFAULT_KERNEL_THREADS))));
    }

    /** The block settings of reductions across rows: smaller blocks, since every group holds one. */
    public static BlockSettings aggregateSettings(RuntimeConfig conf) {
        BlockSettings rows = blockSettings(conf);
        return new BlockSettings(rows.rows(), bytes(conf::get, AGGREGATE_BLOCK_BYTES, DEFAULT_AGGREGATE_BLOCK_BYTES),
                rows.kernelThreads());
    }

    /** The most bytes of tensors one stacked group may hold. */
    public static long stackMaxBytes(RuntimeConfig conf) {
        return bytes(conf::get, STACK_MAX_BYTES, DEFAULT_STACK_MAX_BYTES);
    }

    /** What a malformed row does. */
    public static ErrorMode mode(RuntimeConfig conf) {
        return ErrorMode.of(conf.get(MODE, ErrorMode.FAILFAST.name()));
    }

    /** Whether patterns are checked against the columns' axes' names. */
    public static boolean dimNamesCheck(RuntimeConfig conf) {
        return Boolean.parseBoolean(conf.get(DIM_NAMES_CHECK, "true").strip());
    }

    /** The depth of {@code reduceToArray}'s tree aggregation. */
    public static int treeAggregateDepth(RuntimeConfig conf) {
        return Integer.parseInt(conf.get(TREE_AGGREGATE_DEPTH, "2"));
    }

    private static long bytes(BinaryOperator<String> conf, String key, String fallback) {
        return JavaUtils.byteStringAsBytes(conf.apply(key, fallback));
    }
}
