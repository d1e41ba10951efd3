package dev.einops.spark;

import dev.einops.spark.exec.BlockSettings;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.internal.SQLConf;

/**
 * The settings of einops on Spark, one typed {@link ConfEntry} each, with their one set of
 * defaults. They are read when a query is planned (from the session's SQL configuration), or when a
 * verb that runs a job at once ({@code reduceToArray}) is called. Sizes take a unit ({@code 16m}).
 *
 * <pre>{@code
 * spark.conf().set(EinopsConf.BLOCK_ROWS, "1024");
 * EinopsConf.blockSettings(spark.conf()).rows();   // 1024
 * spark.conf().set(EinopsConf.BLOCK_ROWS, "0");
 * EinopsConf.blockSettings(spark.conf());          // EinopsException: spark.einops.block.rows=0 is not accepted ...
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

    /** {@value #MODE}. */
    public static final ConfEntry<ErrorMode> MODE_ENTRY = new ConfEntry<>(MODE, "FAILFAST",
            "what a malformed row does: fail the query, or give null and count it", "FAILFAST or PERMISSIVE",
            ErrorMode::parse);
    /** {@value #BLOCK_ROWS}. */
    public static final ConfEntry<Integer> BLOCK_ROWS_ENTRY = ConfEntry.atLeast(BLOCK_ROWS, 4096, 1,
            "the most rows in one block");
    /** {@value #BLOCK_BYTES}. */
    public static final ConfEntry<Long> BLOCK_BYTES_ENTRY = ConfEntry.bytes(BLOCK_BYTES, "16m",
            "input bytes after which a block is closed");
    /** {@value #KERNEL_THREADS}. */
    public static final ConfEntry<Integer> KERNEL_THREADS_ENTRY = ConfEntry.atLeast(KERNEL_THREADS, 1, 1,
            "threads of one block's copy and reduction kernels");
    /** {@value #AGGREGATE_BLOCK_BYTES}. */
    public static final ConfEntry<Long> AGGREGATE_BLOCK_BYTES_ENTRY = ConfEntry.bytes(AGGREGATE_BLOCK_BYTES, "4m",
            "input bytes a reduction across rows gathers per group before reducing them");
    /** {@value #STACK_MAX_BYTES}. */
    public static final ConfEntry<Long> STACK_MAX_BYTES_ENTRY = ConfEntry.bytes(STACK_MAX_BYTES, "256m",
            "the most tensor bytes one stacked group may hold");
    /** {@value #TREE_AGGREGATE_DEPTH}. */
    public static final ConfEntry<Integer> TREE_AGGREGATE_DEPTH_ENTRY = ConfEntry.atLeast(TREE_AGGREGATE_DEPTH, 2, 1,
            "the depth of the tree that reduceToArray merges partitions with");

    /** Every session setting, in the order the README documents them. */
    public static final List<ConfEntry<?>> ENTRIES = List.of(MODE_ENTRY, BLOCK_ROWS_ENTRY, BLOCK_BYTES_ENTRY,
            KERNEL_THREADS_ENTRY, AGGREGATE_BLOCK_BYTES_ENTRY, STACK_MAX_BYTES_ENTRY, TREE_AGGREGATE_DEPTH_ENTRY);

    private EinopsConf() {
    }

    /** The block settings of per-row steps and explodes. */
    public static BlockSettings blockSettings(RuntimeConfig conf) {
        return blockSettings(lookup(conf));
    }

    /** {@link #blockSettings(RuntimeConfig)} from a lookup of a key's value (null when unset), such as Spark's SQLConf. */
    public static BlockSettings blockSettings(UnaryOperator<String> conf) {
        return new BlockSettings(BLOCK_ROWS_ENTRY.read(conf), BLOCK_BYTES_ENTRY.read(conf),
                KERNEL_THREADS_ENTRY.read(conf));
    }

    /** The block settings of reductions across rows: smaller blocks, since every group holds one. */
    public static BlockSettings aggregateSettings(RuntimeConfig conf) {
        return aggregateSettings(lookup(conf));
    }

    /** {@link #aggregateSettings(RuntimeConfig)} from a lookup. */
    public static BlockSettings aggregateSettings(UnaryOperator<String> conf) {
        return new BlockSettings(BLOCK_ROWS_ENTRY.read(conf), AGGREGATE_BLOCK_BYTES_ENTRY.read(conf),
                KERNEL_THREADS_ENTRY.read(conf));
    }

    /** The most bytes of tensors one stacked group may hold. */
    public static long stackMaxBytes(RuntimeConfig conf) {
        return STACK_MAX_BYTES_ENTRY.read(lookup(conf));
    }

    /** What a malformed row does. */
    public static ErrorMode mode(RuntimeConfig conf) {
        return MODE_ENTRY.read(lookup(conf));
    }

    /** The depth of {@code reduceToArray}'s tree aggregation. */
    public static int treeAggregateDepth(RuntimeConfig conf) {
        return TREE_AGGREGATE_DEPTH_ENTRY.read(lookup(conf));
    }

    /**
     * The SQL configuration of the query being analysed or planned on this thread (the active
     * session's), as a lookup: what the planner and the expressions' builders read.
     */
    public static UnaryOperator<String> planning() {
        SQLConf conf = SQLConf.get();
        return key -> conf.contains(key) ? conf.getConfString(key) : null;
    }

    private static UnaryOperator<String> lookup(RuntimeConfig conf) {
        return key -> conf.contains(key) ? conf.get(key) : null;
    }
}
