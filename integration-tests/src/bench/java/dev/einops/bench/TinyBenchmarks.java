package dev.einops.bench;

import dev.einops.Einops;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/** The per-call cost on a [2, 3, 4] tensor with a cached pattern, next to the one ND4J call each needs. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TinyBenchmarks {
    private INDArray x;

    @Setup
    public void setUp() {
        x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
    }

    /** The one ND4J call each operation needs, timed in this fork after the workload. */
    @TearDown
    public void measureFloor(BenchmarkParams params) {
        String id = FloorProbe.id(params.getBenchmark(), null);
        if (params.getBenchmark().endsWith("tinyRearrange")) {
            FloorProbe.record(id, 31, 20_000, FloorProbe.MICROS, () -> x.permute(2, 0, 1));
        } else {
            FloorProbe.record(id, 31, 20_000, FloorProbe.MICROS, () -> x.max(1, 2));
        }
    }

    @Benchmark
    public INDArray tinyRearrange() {
        return Einops.rearrange(x, "a b c -> c a b");
    }

    @Benchmark
    public INDArray tinyReduceMax() {
        return Einops.reduce(x, "a b c -> a", "max");
    }
}
