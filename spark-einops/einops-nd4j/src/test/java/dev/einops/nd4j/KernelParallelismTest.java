package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KernelParallelismTest {
    @Test
    void theProcessMaximumIsThePropertyOrTheProcessorCount() {
        assertEquals(Runtime.getRuntime().availableProcessors(), KernelParallelism.processMaximum());
        assertEquals(6, KernelParallelism.parseMaximum("6", 16));
        assertEquals(16, KernelParallelism.parseMaximum(null, 16));
        assertEquals("System property einops.kernel.parallelism must be a positive number of threads, got '0'",
                assertThrows(EinopsException.class, () -> KernelParallelism.parseMaximum("0", 16)).reason());
        assertEquals("System property einops.kernel.parallelism must be a positive number of threads, got 'all'",
                assertThrows(EinopsException.class, () -> KernelParallelism.parseMaximum("all", 16)).reason());
    }

    @Test
    void scopesLimitTheCurrentThreadNestAndRestore() {
        assertEquals(OptionalInt.empty(), KernelParallelism.currentThreadLimit());
        try (KernelParallelism.Scope outer = KernelParallelism.limitCurrentThread(1)) {
            assertEquals(1, KernelParallelism.forCurrentThread());
            try (KernelParallelism.Scope inner = KernelParallelism.limitCurrentThread(3)) {
                assertEquals(OptionalInt.of(1), KernelParallelism.currentThreadLimit(), "an inner scope only narrows");
            }
            assertEquals(OptionalInt.of(1), KernelParallelism.currentThreadLimit());
            outer.close();
            outer.close();
            assertEquals(OptionalInt.empty(), KernelParallelism.currentThreadLimit());
        }
        assertEquals(OptionalInt.empty(), KernelParallelism.currentThreadLimit());
        assertEquals("A kernel needs at least 1 thread, got 0",
                assertThrows(IllegalArgumentException.class, () -> KernelParallelism.limitCurrentThread(0)).getMessage());
    }

    @Test
    void aScopeIsClosedByItsOwnThread() throws Exception {
        try (KernelParallelism.Scope scope = KernelParallelism.limitCurrentThread(2)) {
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<?> closing = other.submit(scope::close);
                Throwable why = assertThrows(java.util.concurrent.ExecutionException.class, closing::get).getCause();
                assertTrue(why instanceof IllegalStateException && why.getMessage().contains("must be closed by the thread"),
                        String.valueOf(why));
            } finally {
                other.shutdown();
            }
        }
    }

    @Test
    void forkJoinWorkersDoNotFanOutFurther() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            // a CompletableFuture, so that waiting does not run the task on this thread
            String answer = CompletableFuture.supplyAsync(() -> Thread.currentThread().getClass().getSimpleName()
                    + " " + KernelParallelism.forCurrentThread(), pool).get();
            assertTrue(answer.endsWith(" 1"), answer);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aCallerWaitsAloneOnlyWhileAnotherCallIsSplit() throws Exception {
        int most = KernelParallelism.processMaximum();
        ParallelRange.forEach(64, 1 << 20, (from, to) -> { });
        assertEquals(most, KernelParallelism.forCurrentThread(), "a finished call leaves the helpers free");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> ParallelRange.forEach(64, 1 << 20, (from, to) -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        other.start();
        try {
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            assertEquals(most > 1 ? 1 : most, KernelParallelism.forCurrentThread(), "another call is split now");
        } finally {
            release.countDown();
            other.join();
        }
        assertEquals(most, KernelParallelism.forCurrentThread());
    }

    @Test
    void aLimitOfOneKeepsEveryChunkOnTheCallingThread() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        try (KernelParallelism.Scope scope = KernelParallelism.limitCurrentThread(1)) {
            ParallelRange.forEach(64, 1 << 20, (from, to) -> threads.add(Thread.currentThread()));
        }
        assertEquals(Set.of(Thread.currentThread()), threads);
    }

    @Test
    void oneCallNeverUsesMoreThreadsThanAllowed() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger covered = new AtomicInteger();
        ParallelRange.forEach(1000, 1 << 20, (from, to) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            covered.addAndGet((int) (to - from));
            sleep(1);
            running.decrementAndGet();
        });
        assertEquals(1000, covered.get());
        assertTrue(most.get() <= KernelParallelism.processMaximum(), most + " threads at once");
    }

    @Test
    void aFailingChunkFailsTheCallAfterEveryChunkIsDone() {
        AtomicInteger done = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParallelRange.forEach(100, 1 << 20,
                (from, to) -> {
                    done.incrementAndGet();
                    if (from == 0) {
                        throw new IllegalStateException("chunk 0");
                    }
                }));
        assertEquals("chunk 0", e.getMessage());
        assertTrue(done.get() >= 2 || KernelParallelism.processMaximum() == 1, "every chunk ran: " + done);
    }

    /** Several task threads calling the kernels at once, as in a Spark executor, all get right results. */
    @Test
    void threadsCallingKernelsAtOnceGetCorrectResults() throws Exception {
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 32, 48, 8);   // 196,608 elements: the kernels split it
        INDArray wantCopy = x.permute(0, 2, 3, 1).dup('c').reshape(16, 48, 256);
        INDArray wantMax = x.reshape(16, 32, 24, 2, 8).max(3);
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int t = 0; t < callers; t++) {
                boolean limited = t % 2 == 0;
                results.add(pool.submit(() -> {
                    start.await();
                    boolean ok = true;
                    for (int round = 0; round < 5; round++) {
                        try (KernelParallelism.Scope scope = limited ? KernelParallelism.limitCurrentThread(1) : null) {
                            INDArray copy = Einops.rearrange(x, "b c h w -> b h (w c)");
                            INDArray max = Einops.reduce(x, "b c (h 2) w -> b c h w", "max");
                            ok &= wantCopy.equals(copy) && wantMax.equals(max);
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            for (Future<Boolean> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
