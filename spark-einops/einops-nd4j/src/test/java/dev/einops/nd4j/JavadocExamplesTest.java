package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.spi.Backends;
import dev.einops.testkit.JavadocSnippets;
import dev.einops.types.Reduction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every Javadoc example of einops-nd4j, run as written (between the {@code example} markers) with
 * its comments' claims asserted after it.
 */
class JavadocExamplesTest {
    @Test
    void everyExampleOfNd4jIsCopiedIntoATest() {
        JavadocSnippets.assertEveryExampleMirrored(Path.of("src/main/java"), Path.of("src/test/java"));
    }

    @Test
    void nd4jBackend() {
        // example: Nd4jBackend
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        Einops.rearrange(x, "a b c -> c a b");   // through this backend, found by ServiceLoader
        // end example
        assertEquals(x.permute(2, 0, 1), Einops.rearrange(x, "a b c -> c a b"));
        assertSame(Nd4jBackend.class, Backends.forTensor(x).getClass());
    }

    @Test
    void nd4jBackendProvider() {
        // example: Nd4jBackendProvider
        Backends.forTensor(Nd4j.zeros(2, 3)).name();   // nd4j
        // end example
        assertEquals("nd4j", Backends.forTensor(Nd4j.zeros(2, 3)).name());
    }

    @Test
    void nd4jConversions() {
        INDArray anyTensor = Nd4j.rand(DataType.FLOAT, 2, 3);
        // example: Nd4jConversions
        INDArray host = Nd4jConversions.toINDArray(anyTensor);   // an INDArray is returned as is
        // end example
        assertSame(anyTensor, host);
    }

    private final List<Long> addresses = new ArrayList<>();

    private void consume(INDArray y) {
        assertFalse(y.wasClosed());
        addresses.add(StridedRegion.root(y.data()).address());
    }

    @Test
    void nd4jMemory() {
        // large batches (1.5 MiB each): released results go back to the buffer pool
        List<INDArray> batches = List.of(Nd4j.rand(DataType.FLOAT, 8, 3, 128, 128), Nd4j.rand(DataType.FLOAT, 8, 3, 128, 128));
        // example: Nd4jMemory
        for (INDArray batch : batches) {
            INDArray y = Einops.rearrange(batch, "b c h w -> b (h w c)");   // a copy
            consume(y);
            Nd4jMemory.closeUnlessShared(y, batch);                       // releases y now
        }
        // end example
        assertEquals(2, addresses.size());
        assertEquals(addresses.get(0), addresses.get(1), "the first copy was released: the second reuses its memory");
        assertTrue(batches.stream().noneMatch(INDArray::wasClosed), "the inputs were not released");
    }

    @Test
    void nd4jMemoryScope() {
        List<INDArray> batches = List.of(Nd4j.rand(DataType.FLOAT, 8, 3, 128, 128), Nd4j.rand(DataType.FLOAT, 8, 3, 128, 128));
        List<INDArray> kept = new ArrayList<>();
        long lentBefore = BufferPool.SHARED.lentBytes();
        // example: Nd4jMemory#scope
        for (INDArray batch : batches) {
            try (Nd4jMemory.Scope scope = Nd4jMemory.scope()) {
                INDArray y = Einops.rearrange(batch, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2));
                INDArray pooled = Einops.reduce(y, "b c h w -> b c", "mean");
                kept.add(scope.keep(pooled));                             // outlives the scope
            }                                                             // y's memory is back for the next batch
        }
        // end example
        assertTrue(BufferPool.SHARED.lentBytes() <= lentBefore, "every copy made in the scopes came back");
        assertEquals(2, kept.size());
        assertTrue(kept.stream().noneMatch(INDArray::wasClosed), "kept results stay usable");
        assertEquals(Einops.reduce(Einops.rearrange(batches.get(1), "b c (h h1) (w w1) -> b (h1 w1 c) h w",
                Map.of("h1", 2, "w1", 2)), "b c h w -> b c", "mean"), kept.get(1));
        assertTrue(batches.stream().noneMatch(INDArray::wasClosed), "the inputs were not released");
    }

    @Test
    void nd4jTypes() {
        // example: Nd4jTypes
        Nd4jTypes.resultType(Reduction.SUM, DataType.BOOL);       // LONG, as numpy sums booleans
        Nd4jTypes.promote(DataType.SHORT, DataType.FLOAT);         // FLOAT
        Nd4jTypes.elementType(DataType.HALF);                      // FLOAT16
        // end example
        assertEquals(dev.einops.types.ElementType.FLOAT16, Nd4jTypes.elementType(DataType.HALF));
        assertEquals(DataType.LONG, Nd4jTypes.resultType(Reduction.SUM, DataType.BOOL));
        assertEquals(DataType.FLOAT, Nd4jTypes.promote(DataType.SHORT, DataType.FLOAT));
    }

    @Test
    void nd4jOffHeap() {
        // example: Nd4jOffHeap
        FloatPointer memory = new FloatPointer(6);                       // memory ND4J does not own
        try (Nd4jOffHeap.Region region = Nd4jOffHeap.region(memory.address(), 6 * 4)) {
            INDArray x = region.wrap(DataType.FLOAT, new long[] {2, 3});
            x.assign(1);                                                 // writes into that memory
            INDArray target = Nd4j.zeros(DataType.FLOAT, 3, 2);
            Nd4jOffHeap.copyInto(Einops.rearrange(x, "a b -> b a"), target);   // target is all ones
        }
        memory.close();
        // end example
        FloatPointer again = new FloatPointer(4);
        try (Nd4jOffHeap.Region region = Nd4jOffHeap.region(again.address(), 4 * 4)) {
            INDArray y = region.wrap(DataType.FLOAT, new long[] {4});
            y.assign(7);
            assertEquals(7f, again.get(3));
            assertEquals(Nd4j.ones(DataType.FLOAT, 3, 2).muli(7), Einops.rearrange(
                    region.wrap(DataType.FLOAT, new long[] {2, 3}, new long[] {0, 0}, 0), "a b -> b a").dup());
        }
        again.close();
    }

    @Test
    void kernelParallelism() {
        INDArray block = Nd4j.rand(DataType.FLOAT, 4, 3, 64, 64);
        int before = KernelParallelism.forCurrentThread();
        // example: KernelParallelism
        // java -Deinops.kernel.parallelism=8 ...   caps every kernel call in the process at 8 threads
        int inside;
        try (KernelParallelism.Scope scope = KernelParallelism.limitCurrentThread(1)) {
            Nd4jMemory.materialize(Einops.rearrange(block, "b c h w -> b h w c"));   // copied on this thread only
            inside = KernelParallelism.forCurrentThread();                         // 1
        }                                                                          // the previous limit is back
        // end example
        assertEquals(1, inside);
        assertEquals(before, KernelParallelism.forCurrentThread(), "the previous limit is back");
    }
}
