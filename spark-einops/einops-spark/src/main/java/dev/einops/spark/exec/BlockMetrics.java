package dev.einops.spark.exec;

/**
 * Where the block operator reports what it did: the Spark UI's SQL metrics on a cluster (the one
 * place PERMISSIVE mode's malformed rows are counted), nothing in a row-by-row evaluation, a
 * {@link Counter} where a caller reads them back.
 *
 * <pre>{@code
 * BlockMetrics.NONE.blocks(1);                       // ignored
 * BlockMetrics.Counter counter = new BlockMetrics.Counter();
 * counter.blocks(2);
 * counter.blockCount();                              // 2
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

    /** Counts what it is told, for a caller that runs blocks itself. Not thread-safe. */
    final class Counter implements BlockMetrics {
        private long blocks;
        private long malformed;

        @Override
        public void blocks(long n) {
            blocks += n;
        }

        @Override
        public void malformedRows(long n) {
            malformed += n;
        }

        /** The blocks reported so far. */
        public long blockCount() {
            return blocks;
        }

        /** The malformed rows reported so far. */
        public long malformedCount() {
            return malformed;
        }
    }
}
