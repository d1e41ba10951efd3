package dev.einops.nd4j;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits the indices {@code [0, count)} of a kernel's outermost loop into chunks run by the
 * calling thread and helper threads, when the kernel touches enough elements for threads to pay
 * off, as many threads as {@link KernelParallelism#forCurrentThread()} allows. The helpers come
 * from one pool of {@code processMaximum() - 1} daemon threads shared by all callers; threads
 * claim chunks until none is left, so a helper that starts late finds nothing to do and the caller
 * never waits for one that has not started.
 */
final class ParallelRange {
    /** Below this many elements one thread does all the work. */
    static final long PARALLEL_THRESHOLD = 1 << 16;
    /** Chunks per thread: enough that a slow thread does not hold the others up. */
    private static final int CHUNKS_PER_THREAD = 4;
    private static final ForkJoinPool HELPERS = KernelParallelism.processMaximum() <= 1 ? null
            : new ForkJoinPool(KernelParallelism.processMaximum() - 1, pool -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName("einops-kernel-" + thread.getPoolIndex());
                return thread;
            }, null, false);
    /** Calls split over threads now; a count, not the pool's activity, which lags behind the calls. */
    private static final AtomicInteger SPLITS_RUNNING = new AtomicInteger();

    /** The work on indices {@code [from, to)}. */
    @FunctionalInterface
    interface Chunk {
        void run(long from, long to);
    }

    private ParallelRange() {
    }

    /** Whether other kernel calls are split over the helper threads now. */
    static boolean helpersBusy() {
        return SPLITS_RUNNING.get() > 0;
    }

    /** Runs {@code chunk} over {@code [0, count)}; {@code elements} is how many the whole range touches. */
    static void forEach(long count, long elements, Chunk chunk) {
        int threads = elements < PARALLEL_THRESHOLD || HELPERS == null ? 1 : KernelParallelism.forCurrentThread();
        long perChunk = Math.max(1, (count + (long) CHUNKS_PER_THREAD * threads - 1) / (CHUNKS_PER_THREAD * threads));
        int chunks = (int) ((count + perChunk - 1) / perChunk);
        if (threads <= 1 || chunks <= 1) {
            if (count > 0) {
                chunk.run(0, count);
            }
            return;
        }
        SPLITS_RUNNING.incrementAndGet();
        try {
            new Split(count, perChunk, chunks, chunk).run(Math.min(threads, chunks) - 1);
        } finally {
            SPLITS_RUNNING.decrementAndGet();
        }
    }

    /** One call's chunks, claimed in order by whichever thread is free. */
    private static final class Split {
        private final long count;
        private final long perChunk;
        private final int chunks;
        private final Chunk chunk;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Split(long count, long perChunk, int chunks, Chunk chunk) {
            this.count = count;
            this.perChunk = perChunk;
            this.chunks = chunks;
            this.chunk = chunk;
            this.done = new CountDownLatch(chunks);
        }

        void run(int helpers) {
            for (int i = 0; i < helpers; i++) {
                HELPERS.execute(this::work);
            }
            work();
            awaitEveryChunk();
            Throwable t = failure.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }

        private void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    chunk.run(c * perChunk, Math.min(count, (c + 1) * perChunk));
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        }

        /** Waits, even when interrupted: returning while a helper still writes would free memory under it. */
        private void awaitEveryChunk() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
