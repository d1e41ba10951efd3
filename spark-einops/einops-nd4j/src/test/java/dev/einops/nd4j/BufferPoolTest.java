package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The pool's claim of thread safety: threads taking and releasing at once never share memory. */
class BufferPoolTest {
    private static final long[] TWO_MIB = {512, 512};

    /** Runs {@code task} on {@code threads} threads at once and returns their results. */
    private static <T> List<T> onThreads(int threads, Callable<T> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void threadsTakingAndReleasingAtOnceNeverShareABuffer() throws Exception {
        // room for four of the eight threads' arrays: buffers are reused and evicted all the time
        BufferPool pool = new BufferPool(8L << 20);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> rounds = onThreads(8, () -> {
            int thread = next.getAndIncrement();
            int round = 0;
            for (; round < 150; round++) {
                // the same length in two shapes: both come from one list of free buffers
                INDArray a = pool.uninitialized(DataType.DOUBLE, round % 2 == 0 ? TWO_MIB : new long[] {256, 1024});
                double mark = thread * 1000 + round;
                a.assign(mark);
                Thread.yield();
                assertEquals(mark, a.minNumber().doubleValue(), "another thread wrote into this thread's buffer");
                assertEquals(mark, a.maxNumber().doubleValue(), "another thread wrote into this thread's buffer");
                assertTrue(pool.release(a));
                assertTrue(pool.pooledBytes() <= 8L << 20, "the bound holds at every moment");
            }
            return round;
        });
        assertEquals(List.of(150, 150, 150, 150, 150, 150, 150, 150), rounds);
        assertTrue(pool.pooledBytes() > 0 && pool.pooledBytes() <= 8L << 20, () -> pool.pooledBytes() + " bytes");
    }

    @Test
    void anArrayReleasedByTwoThreadsAtOnceIsTakenBackOnce() throws Exception {
        BufferPool pool = new BufferPool(64L << 20);
        for (int round = 0; round < 50; round++) {
            INDArray a = pool.uninitialized(DataType.DOUBLE, TWO_MIB);
            List<Boolean> released = onThreads(2, () -> pool.release(a));
            assertEquals(1, released.stream().filter(r -> r).count(), "round " + round + ": " + released);
            INDArray first = pool.uninitialized(DataType.DOUBLE, TWO_MIB);
            INDArray second = pool.uninitialized(DataType.DOUBLE, TWO_MIB);
            assertNotEquals(first.data().address(), second.data().address(), "two arrays never share memory");
            pool.release(first);
            pool.release(second);
        }
    }
}
