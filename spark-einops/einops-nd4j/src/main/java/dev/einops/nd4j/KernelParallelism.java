package dev.einops.nd4j;

import dev.einops.types.EinopsException;
import java.util.OptionalInt;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * How many threads one call of the Java kernels (large copies and reductions of the ND4J backend)
 * may use, so that kernels sharing a machine do not oversubscribe its cores. Three rules, in order:
 * <ol>
 *   <li>A thread that set a limit with {@link #limitCurrentThread} uses at most that many threads
 *       (itself included) until the scope closes; a Spark task thread, say, sets 1 for the
 *       duration of a block, since its executor already runs one task per core.</li>
 *   <li>Without a limit, a thread that is itself a {@link ForkJoinPool} worker, or that calls
 *       while other kernel calls are already using the kernels' helper threads, runs the kernel
 *       alone: it is one of many callers, and splitting further would only add contention.</li>
 *   <li>Otherwise, and as a cap on every limit, the process-wide maximum: the system property
 *       {@value #PROPERTY} (read once, a positive integer), by default the number of available
 *       processors.</li>
 * </ol>
 * The kernels' helper threads come from one pool of daemon threads, one fewer than the
 * process-wide maximum (the calling thread does its share), shared by all callers.
 *
 * <pre>{@code
 * // java -Deinops.kernel.parallelism=8 ...   caps every kernel call in the process at 8 threads
 * int inside;
 * try (KernelParallelism.Scope scope = KernelParallelism.limitCurrentThread(1)) {
 *     Nd4jMemory.materialize(Einops.rearrange(block, "b c h w -> b h w c"));   // copied on this thread only
 *     inside = KernelParallelism.forCurrentThread();                         // 1
 * }                                                                          // the previous limit is back
 * }</pre>
 *
 * <p>Thread-safe. A scope belongs to the thread that opened it; scopes nest, and an inner limit
 * can only narrow the outer one.
 */
public final class KernelParallelism {
    /** The system property holding the process-wide maximum. */
    public static final String PROPERTY = "einops.kernel.parallelism";

    private static final int PROCESS_MAXIMUM = parseMaximum(System.getProperty(PROPERTY),
            Runtime.getRuntime().availableProcessors());
    private static final ThreadLocal<Integer> THREAD_LIMIT = new ThreadLocal<>();

    private KernelParallelism() {
    }

    /** The most threads any kernel call uses: {@value #PROPERTY}, or the number of available processors. */
    public static int processMaximum() {
        return PROCESS_MAXIMUM;
    }

    /** The limit the current thread set with {@link #limitCurrentThread}, if it is in a scope. */
    public static OptionalInt currentThreadLimit() {
        Integer limit = THREAD_LIMIT.get();
        return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    /**
     * How many threads, the calling one included, a kernel started now on this thread may use, by
     * the rules above; at least 1.
     */
    public static int forCurrentThread() {
        Integer limit = THREAD_LIMIT.get();
        if (limit != null) {
            return Math.min(limit, PROCESS_MAXIMUM);
        }
        if (Thread.currentThread() instanceof ForkJoinWorkerThread || ParallelRange.helpersBusy()) {
            return 1;
        }
        return PROCESS_MAXIMUM;
    }

    /**
     * Limits the kernels this thread calls to {@code threads} threads (itself included) until the
     * returned scope is closed, which restores the limit before it. Inside another scope the
     * smaller limit applies.
     *
     * @throws IllegalArgumentException when {@code threads} is less than 1
     */
    public static Scope limitCurrentThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("A kernel needs at least 1 thread, got " + threads);
        }
        Integer previous = THREAD_LIMIT.get();
        THREAD_LIMIT.set(previous == null ? threads : Math.min(previous, threads));
        return new Scope(previous);
    }

    /** A limit set by {@link #limitCurrentThread}; closing it (once or more) restores the limit before it. */
    public static final class Scope implements AutoCloseable {
        private final Thread owner = Thread.currentThread();
        private final Integer previous;
        private boolean closed;

        private Scope(Integer previous) {
            this.previous = previous;
        }

        /**
         * Restores the limit that held when the scope was opened; closing again does nothing.
         *
         * @throws IllegalStateException when called from another thread than the one that opened it
         */
        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("A kernel parallelism scope must be closed by the thread that opened it, "
                        + owner.getName() + ", not " + Thread.currentThread().getName());
            }
            if (closed) {
                return;
            }
            closed = true;
            if (previous == null) {
                THREAD_LIMIT.remove();
            } else {
                THREAD_LIMIT.set(previous);
            }
        }
    }

    /** The process-wide maximum given by {@code value} (the property), or {@code processors} when it is absent. */
    static int parseMaximum(String value, int processors) {
        if (value == null || value.isBlank()) {
            return Math.max(1, processors);
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EinopsException("System property " + PROPERTY + " must be a positive number of threads, got '"
                + value + "'");
    }
}
