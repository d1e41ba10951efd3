package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernels' claim of thread safety, through the ND4J backend: many threads copying, reducing
 * and repeating large arrays at once (the Java copy and reduction kernels, each splitting its own
 * work across cores, and the buffer pool they write into) get exactly what one thread gets alone.
 */
class Nd4jKernelsConcurrencyTest {
    /** One call on a large input, named for messages. */
    private record Call(String name, INDArray input, Function<INDArray, INDArray> op) {
    }

    private static List<Call> calls() {
        INDArray floats = Nd4j.rand(DataType.FLOAT, 4, 32, 64, 64);     // 2 MiB elements
        INDArray doubles = Nd4j.rand(DataType.DOUBLE, 6, 3, 96, 128);
        INDArray longs = Nd4j.arange(6 * 40 * 50 * 7).castTo(DataType.LONG).reshape('c', 6, 40, 50, 7);
        return List.of(
                new Call("copy to channels-last", floats, x -> Einops.rearrange(x, "b c h w -> b (h w c)")),
                new Call("space to depth", doubles,
                        x -> Einops.rearrange(x, "b c (h h2) (w w2) -> b (c h2 w2) h w", Map.of("h2", 2, "w2", 2))),
                new Call("interleaved long copy", longs, x -> Einops.rearrange(x, "a b c d -> d (c a) b")),
                new Call("2x2 max-pooling", floats, x -> Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max")),
                new Call("sum over the batch", doubles, x -> Einops.reduce(x, "b c h w -> c h w", "sum")),
                new Call("mean over channels, transposed", floats, x -> Einops.reduce(x, "b c h w -> w h b", "mean")),
                new Call("repeat", doubles, x -> Einops.repeat(x, "b c h w -> b c h (w 2)")));
    }

    @Test
    void manyThreadsGetExactlyTheResultsOfOne() throws Exception {
        List<Call> calls = calls();
        List<INDArray> alone = new ArrayList<>();
        for (Call call : calls) {
            alone.add(call.op().apply(call.input()).dup('c'));
        }
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(executor.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int round = 0; round < 3; round++) {
                        for (int k = 0; k < calls.size(); k++) {
                            int i = (first + k) % calls.size();   // threads start on different calls
                            Call call = calls.get(i);
                            INDArray result = call.op().apply(call.input());
                            assertEquals(alone.get(i), result, call.name());
                            // released results go back to the pool, for other threads' next results
                            Nd4jMemory.closeUnlessShared(result, call.input());
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(3 * calls.size(), f.get());
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
