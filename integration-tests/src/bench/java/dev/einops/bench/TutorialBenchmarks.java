package dev.einops.bench;

import dev.einops.Einops;
import dev.einops.Packed;
import dev.einops.nd4j.Nd4jMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * The tutorial's operations on x = [10, 32, 100, 200], and the copy floors they are measured
 * against in the same fork. Every fresh result is released at once, as the README says, except in
 * the loop that drops its results on purpose.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TutorialBenchmarks {
    @Param({"DOUBLE", "FLOAT"})
    public String dtype;

    private INDArray x;
    private List<INDArray> list;
    private List<INDArray> packInputs;
    private Packed<INDArray> packed;
    private AssignFloor floor;

    @Setup(Level.Trial)
    public void setUp() {
        DataType type = DataType.valueOf(dtype);
        x = Nd4j.rand(type, 10, 32, 100, 200);
        list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(Nd4j.rand(type, 32, 100, 200));
        }
        packInputs = List.of(Nd4j.rand(type, 10, 32, 100, 100), Nd4j.rand(type, 10, 32, 50, 100),
                Nd4j.rand(type, 10, 32, 50));
        packed = Einops.pack(packInputs, "b c *");
        floor = new AssignFloor(x);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        measureFloor(params);
        x.close();
        list.forEach(INDArray::close);
        packInputs.forEach(INDArray::close);
        packed.tensor().close();
        floor.close();
    }

    private void consume(Blackhole bh, INDArray result) {
        bh.consume(result);
        Nd4jMemory.closeUnlessShared(result, x);
    }

    /**
     * The floor of this fork's workload, measured after it: ND4J {@code assign} of the same bytes
     * (four times as many for the 4x repeat) into an array that already exists.
     */
    private void measureFloor(BenchmarkParams params) {
        String id = FloorProbe.id(params.getBenchmark(), dtype);
        if (params.getBenchmark().endsWith("View") || params.getBenchmark().endsWith("Views")) {
            return;
        }
        floor.record(id, params.getBenchmark().endsWith("repeatUpsample"));
    }

    // ---- views: O(1)

    @Benchmark
    public INDArray transposeView() {
        return Einops.rearrange(x, "b c h w -> b h w c");
    }

    @Benchmark
    public INDArray flattenView() {
        return Einops.rearrange(x, "b c h w -> b (c h w)");
    }

    @Benchmark
    public List<INDArray> unpackViews() {
        return Einops.unpack(packed.tensor(), packed.packedShapes(), "b c *");
    }

    // ---- copies

    @Benchmark
    public void transposeMaterialized(Blackhole bh) {
        consume(bh, Nd4jMemory.materialize(Einops.rearrange(x, "b c h w -> b h w c")));
    }

    @Benchmark
    public void transposeFlattened(Blackhole bh) {
        consume(bh, Einops.rearrange(x, "b c h w -> b (h w c)"));
    }

    @Benchmark
    public void spaceToDepth(Blackhole bh) {
        consume(bh, Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2)));
    }

    @Benchmark
    public void depthToSpace(Blackhole bh) {
        consume(bh, Einops.rearrange(x, "b (h1 w1 c) h w -> b c (h h1) (w w1)", Map.of("h1", 2, "w1", 2)));
    }

    @Benchmark
    public void channelShuffle(Blackhole bh) {
        consume(bh, Einops.rearrange(x, "b (g1 g2 c) h w -> b (g2 g1 c) h w", Map.of("g1", 4, "g2", 4)));
    }

    @Benchmark
    public void globalMax(Blackhole bh) {
        consume(bh, Einops.reduce(x, "b c h w -> b c", "max"));
    }

    @Benchmark
    public void globalMean(Blackhole bh) {
        consume(bh, Einops.reduce(x, "b c h w -> b c", "mean"));
    }

    @Benchmark
    public void maxPool(Blackhole bh) {
        consume(bh, Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"));
    }

    @Benchmark
    public void repeatUpsample(Blackhole bh) {
        consume(bh, Einops.repeat(x, "b c h w -> b c (h 2) (w 2)"));
    }

    @Benchmark
    public void stackTen(Blackhole bh) {
        consume(bh, Einops.rearrange(list, "b c h w -> b c h w"));
    }

    /** The tutorial's statement on a list: stacked and permuted, released as the README says. */
    @Benchmark
    public void listTransposed(Blackhole bh) {
        INDArray y = Einops.rearrange(list, "b c h w -> b h w c");
        bh.consume(y);
        Nd4jMemory.closeUnlessShared(y, list.toArray(new INDArray[0]));
    }

    /**
     * Space-to-depth in a loop whose results are simply dropped: no release, no scope, no workspace.
     * Timed as an average, so that the collections the pool asks for are paid for in the figure.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public INDArray spaceToDepthDropped() {
        return Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2));
    }

    /** Space-to-depth in a loop, each call inside a memory scope that releases its result. */
    @Benchmark
    public void spaceToDepthScoped(Blackhole bh) {
        try (Nd4jMemory.Scope scope = Nd4jMemory.scope()) {
            bh.consume(Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2)));
        }
    }

    @Benchmark
    public void packThree(Blackhole bh) {
        Packed<INDArray> p = Einops.pack(packInputs, "b c *");
        bh.consume(p);
        Nd4jMemory.closeUnlessShared(p.tensor());
    }
}
