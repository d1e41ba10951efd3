package dev.einops.spark.exec;

/**
 * Where the block operator reports what it did: the Spark UI's SQL metrics on a cluster, nothing in
 * a row-by-row evaluation.
 *
 * <pre>{@code
 * BlockMetrics.NONE.blocks(1);   // ignored
 * }</pre>
 */
public interface BlockMetrics {
    /** Ignores everything. */
    BlockMetrics NONE = new BlockMetrics() {
        @Override
        public void blocks(long n) {
        }

        @Override
        public void malformedRows(long n) {
        }
    };

    /** {@code n} more blocks went through the engine. */
    void blocks(long n);

    /** {@code n} more rows were malformed and gave null (PERMISSIVE mode). */
    void malformedRows(long n);

    /** Why a row was malformed, for the driver's one warning per query; the first reason reported is kept. */
    default void malformedReason(String reason) {
    }
}
