package dev.einops.bench;

import dev.einops.Einops;
import dev.einops.nd4j.Nd4jMemory;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/**
 * The reductions that have Vector API loops, in a JVM where those are turned off
 * ({@code -Deinops.kernel.vector=false}): what a JVM without {@code --add-modules
 * jdk.incubator.vector} gets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsPrepend = "-Deinops.kernel.vector=false")
public class ScalarLoopsBenchmarks {
    @Param({"DOUBLE", "FLOAT"})
    public String dtype;

    private INDArray x;
    private AssignFloor floor;

    @Setup(Level.Trial)
    public void setUp() {
        x = Nd4j.rand(DataType.valueOf(dtype), 10, 32, 100, 200);
        floor = new AssignFloor(x);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        floor.record(FloorProbe.id(params.getBenchmark(), dtype), false);
        x.close();
        floor.close();
    }

    @Benchmark
    public void globalMax(Blackhole bh) {
        INDArray y = Einops.reduce(x, "b c h w -> b c", "max");
        bh.consume(y);
        Nd4jMemory.closeUnlessShared(y, x);
    }

    @Benchmark
    public void globalMean(Blackhole bh) {
        INDArray y = Einops.reduce(x, "b c h w -> b c", "mean");
        bh.consume(y);
        Nd4jMemory.closeUnlessShared(y, x);
    }
}
