package dev.einops.bench;

import dev.einops.Einops;
import dev.einops.nd4j.Nd4jMemory;
import dev.einops.samediff.SameDiffMemory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
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

/**
 * The tutorial's operations as SameDiff graphs: the graph is built once, each call executes it on
 * x = [10, 32, 100, 200] fed to a placeholder with a batch of -1, with {@link SameDiffMemory} and
 * each output released, as the README says.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SameDiffBenchmarks {
    @Param({"DOUBLE", "FLOAT"})
    public String dtype;

    @Param({"transposeFlattened", "spaceToDepth", "maxPool", "globalMean", "repeatUpsample"})
    public String workload;

    private SameDiff sd;
    private String output;
    private INDArray x;
    private AssignFloor floor;

    @Setup(Level.Trial)
    public void setUp() {
        DataType type = DataType.valueOf(dtype);
        x = Nd4j.rand(type, 10, 32, 100, 200);
        sd = SameDiff.create();
        SDVariable in = sd.placeHolder("x", type, -1, 32, 100, 200);
        SDVariable out = switch (workload) {
            case "transposeFlattened" -> Einops.rearrange(in, "b c h w -> b (h w c)");
            case "spaceToDepth" -> Einops.rearrange(in, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2));
            case "maxPool" -> Einops.reduce(in, "b c (h 2) (w 2) -> b c h w", "max");
            case "globalMean" -> Einops.reduce(in, "b c h w -> b c", "mean");
            case "repeatUpsample" -> Einops.repeat(in, "b c h w -> b c (h 2) (w 2)");
            default -> throw new IllegalArgumentException(workload);
        };
        output = out.name();
        SameDiffMemory.reuseAcrossRuns(sd);   // as the README says: outputs reuse released memory
        floor = new AssignFloor(x);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        floor.record(FloorProbe.id(params.getBenchmark(), dtype) + "|" + workload, workload.equals("repeatUpsample"));
        x.close();
        floor.close();
    }

    @Benchmark
    public void graph(Blackhole bh) {
        INDArray result = sd.output(Map.of("x", x), output).get(output);
        bh.consume(result);
        Nd4jMemory.closeUnlessShared(result, x);
    }
}
