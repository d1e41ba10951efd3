package dev.einops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.spi.HostArray;
import dev.einops.testkit.NaiveEinops;
import dev.einops.testkit.RandomPattern;
import dev.einops.types.Reduction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Example;

/** Many threads, many patterns, one shared plan cache: every result still equals the naive loop. */
class EinopsConcurrencyTest {
    @Example
    void concurrentCallsThroughTheSharedCacheAreCorrect() throws Exception {
        // a small pool of calls, so that threads share (and race on) cache entries; drawn here,
        // as jqwik's arbitraries generate on its own threads only
        List<RandomPattern> calls = new ArrayList<>();
        for (long seed = 0; seed < 60; seed++) {
            calls.add(RandomPattern.sample(RandomPattern.Kind.values()[(int) (seed % 3)], seed));
        }
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 400; i++) {
                        int seed = (i * 31 + thread) % calls.size();
                        RandomPattern.Kind kind = RandomPattern.Kind.values()[seed % 3];
                        RandomPattern p = calls.get(seed);
                        HostArray x = p.input(seed);
                        HostArray got = switch (kind) {
                            case REARRANGE -> Einops.rearrange(x, p.pattern(), p.axes());
                            case REDUCE -> Einops.reduce(x, p.pattern(), p.reduction(), p.axes());
                            case REPEAT -> Einops.repeat(x, p.pattern(), p.axes());
                        };
                        HostArray want = switch (kind) {
                            case REARRANGE -> NaiveEinops.rearrange(x, p.pattern(), p.axes());
                            case REDUCE -> NaiveEinops.reduce(x, p.pattern(), p.reduction(), p.axes());
                            case REPEAT -> NaiveEinops.repeat(x, p.pattern(), p.axes());
                        };
                        if (kind == RandomPattern.Kind.REDUCE && p.reduction() == Reduction.MEAN) {
                            for (int k = 0; k < want.size(); k++) {
                                assertEquals(want.getDouble(k), got.getDouble(k), 1e-12, p::toString);
                            }
                        } else {
                            assertEquals(want, got, p::toString);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(400, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
