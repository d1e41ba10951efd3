package dev.einops.bench;

import dev.einops.Einops;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/** einsum against ND4J's own matrix products on the same operands. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EinsumBenchmarks {
    @Param({"DOUBLE", "FLOAT"})
    public String dtype;

    private INDArray a;
    private INDArray b;
    private INDArray q;
    private INDArray k;

    @Setup(Level.Trial)
    public void setUp() {
        DataType type = DataType.valueOf(dtype);
        a = Nd4j.rand(type, 512, 512);
        b = Nd4j.rand(type, 512, 512);
        q = Nd4j.rand(type, 16, 256, 64);
        k = Nd4j.rand(type, 16, 256, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        String id = FloorProbe.id(params.getBenchmark(), dtype);
        if (params.getBenchmark().endsWith("einsumMatmul")) {
            FloorProbe.record(id, 30, 1, FloorProbe.MILLIS, () -> a.mmul(b).close());
            FloorProbe.record(id + "|gemm", 30, 1, FloorProbe.MILLIS, () -> Nd4j.gemm(a, b, false, false).close());
        } else if (params.getBenchmark().endsWith("einsumAttention")) {
            FloorProbe.record(id, 30, 1, FloorProbe.MILLIS, () -> Nd4j.matmul(q, k, false, true, false).close());
        }
        a.close();
        b.close();
        q.close();
        k.close();
    }

    private static void consume(Blackhole bh, INDArray result) {
        bh.consume(result);
        result.close();
    }

    @Benchmark
    public void einsumMatmul(Blackhole bh) {
        consume(bh, Einops.einsum("i j, j k -> i k", a, b));
    }

    @Benchmark
    public void einsumAttention(Blackhole bh) {
        consume(bh, Einops.einsum("b i d, b j d -> b i j", q, k));
    }
}
