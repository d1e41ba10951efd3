package dev.einops.nd4j;

import java.util.stream.IntStream;

/**
 * Splits the indices {@code [0, count)} of a kernel's outermost loop into chunks run on all cores,
 * when the kernel touches enough elements for threads to pay off.
 */
final class ParallelRange {
    /** Below this many elements one thread does all the work. */
    static final long PARALLEL_THRESHOLD = 1 << 16;

    /** The work on indices {@code [from, to)}. */
    @FunctionalInterface
    interface Chunk {
        void run(long from, long to);
    }

    private ParallelRange() {
    }

    /** Runs {@code chunk} over {@code [0, count)}; {@code elements} is how many the whole range touches. */
    static void forEach(long count, long elements, Chunk chunk) {
        long perChunk = elements < PARALLEL_THRESHOLD ? count
                : Math.max(1, count / (4L * Runtime.getRuntime().availableProcessors()));
        int chunks = perChunk == 0 ? 0 : (int) ((count + perChunk - 1) / perChunk);
        if (chunks <= 1) {
            if (count > 0) {
                chunk.run(0, count);
            }
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> chunk.run(c * perChunk, Math.min(count, (c + 1) * perChunk)));
    }
}
