package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The pool's claims: threads taking and releasing at once never share memory, released and dropped
 * arrays come back, every type can be lent.
 */
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

    @Test
    void droppedArraysComeBackThroughTheCollector() {
        BufferPool pool = new BufferPool(8L << 20, true);
        Set<Long> addresses = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            INDArray a = pool.uninitialized(DataType.DOUBLE, TWO_MIB);   // dropped: never released
            a.assign(i);
            addresses.add(a.data().address());
        }
        assertTrue(pool.collections() > 0, "dropped arrays piling up made the pool ask for a collection");
        assertTrue(addresses.size() < 30, addresses.size() + " blocks for 60 dropped arrays: memory was reused");
        assertTrue(pool.lentBytes() <= (16L << 20) + (2L << 20), pool.lentBytes() + " bytes still lent");
    }

    @Test
    void withoutCollectionsDroppedArraysStillComeBackWhenTheCollectorRuns() throws Exception {
        BufferPool pool = new BufferPool(64L << 20, false);
        for (int i = 0; i < 8; i++) {
            pool.uninitialized(DataType.FLOAT, TWO_MIB);
        }
        assertEquals(0, pool.collections());
        for (int attempt = 0; attempt < 50 && pool.lentBytes() > 0; attempt++) {
            System.gc();
            Thread.sleep(20);
            pool.release(pool.uninitialized(DataType.FLOAT, TWO_MIB));   // drains what the collector found
        }
        assertEquals(0, pool.lentBytes(), "every dropped array came back");
        assertTrue(pool.pooledBytes() >= 8L << 20);
    }

    @Test
    void aPermutationOfAWholeArrayGivesItsMemoryBack() {
        BufferPool pool = new BufferPool(64L << 20);
        INDArray a = pool.uninitialized(DataType.FLOAT, new long[] {64, 32, 256});
        assertTrue(pool.release(a.permute(2, 0, 1)));
        assertEquals(2L << 20, pool.pooledBytes());
        INDArray b = pool.uninitialized(DataType.FLOAT, new long[] {64, 32, 256});
        assertEquals(a.data().address(), b.data().address());
        assertFalse(pool.release(a), "an earlier loan of the same block is not released again");
        assertEquals(2L << 20, pool.lentBytes(), "b keeps its block");
        assertFalse(pool.release(b.permute(2, 0, 1).get(NDArrayIndex.interval(0, 8))),
                "a part of a permutation is not all of the memory");
        assertTrue(pool.release(b.reshape('c', 2048, 256)));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF", "BFLOAT16",
            "LONG", "INT", "SHORT", "BYTE", "UBYTE", "UINT16", "UINT32", "UINT64", "BOOL"})
    void lendsMemoryForEveryType(DataType type) {
        BufferPool pool = new BufferPool(64L << 20);
        long[] shape = {512, (1 << 21) / 512 / type.width()};   // 2 MiB
        INDArray a = pool.uninitialized(type, shape);
        INDArray want = Nd4j.arange(a.length()).reshape(shape).remainder(7).castTo(type);
        a.assign(want);
        assertEquals(want, a);
        assertEquals(want.dup(), a.dup());
        assertTrue(pool.lentBytes() > 0, "a loan of the pool, not ND4J memory");
        assertTrue(pool.release(a));
        assertEquals(0, pool.lentBytes());
    }

    @Test
    void aLoanClosedWithCloseComesBackThroughTheCollector() throws Exception {
        BufferPool pool = new BufferPool(64L << 20);
        INDArray a = pool.uninitialized(DataType.DOUBLE, TWO_MIB);
        a.close();   // ND4J's own close: the block is the pool's, not ND4J's to free
        assertFalse(pool.release(a));
        a = null;
        for (int attempt = 0; attempt < 50 && pool.lentBytes() > 0; attempt++) {
            System.gc();
            Thread.sleep(20);
            pool.release(pool.uninitialized(DataType.FLOAT, new long[] {1024, 256}));
        }
        assertEquals(0, pool.lentBytes());
    }
}
