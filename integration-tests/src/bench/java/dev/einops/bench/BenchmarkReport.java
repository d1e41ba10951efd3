package dev.einops.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the JMH benchmarks and writes BENCHMARKS.md: per workload the median, min-max and the
 * ratio to its floor, both measured in the same fork (absolute times drift on a shared machine,
 * ratios hold).
 *
 * <pre>{@code
 * mvn -B -ntp -Pbench -DskipTests verify -pl integration-tests -am
 * }</pre>
 *
 * <p>{@code -Dbench.include=REGEX} narrows the run to matching benchmarks, {@code -Dbench.output=FILE}
 * writes the report elsewhere (a narrowed run's table has only its rows), and
 * {@code -Dbench.profiler=jfr:dir=/tmp/jfr} (any JMH profiler, with its options) profiles every fork.
 */
public final class BenchmarkReport {
    /** A workload, what its floor is (null: a view, O(1) is asked), and the target ratio (0: +5 us). */
    record Workload(String benchmark, String description, String floor, double target) {
    }

    private static final String COPY = "ND4J assign of the same bytes";
    static final List<Workload> WORKLOADS = List.of(
            new Workload("TutorialBenchmarks.transposeView", "`b c h w -> b h w c` as returned (a view)", null, 0),
            new Workload("TutorialBenchmarks.flattenView", "`b c h w -> b (c h w)` (a view)", null, 0),
            new Workload("TutorialBenchmarks.unpackViews", "`unpack` of three tensors, `b c *` (views)", null, 0),
            new Workload("TutorialBenchmarks.transposeMaterialized", "`b c h w -> b h w c`, then `Nd4jMemory.materialize`", COPY, 1.2),
            new Workload("TutorialBenchmarks.transposeFlattened", "`b c h w -> b (h w c)` (copy)", COPY, 1.2),
            new Workload("TutorialBenchmarks.spaceToDepth", "space-to-depth, h1 = w1 = 2", COPY, 1.2),
            new Workload("TutorialBenchmarks.depthToSpace", "depth-to-space, h1 = w1 = 2", COPY, 1.2),
            new Workload("TutorialBenchmarks.channelShuffle", "channel shuffle, g1 = g2 = 4", COPY, 1.2),
            new Workload("TutorialBenchmarks.globalMax", "`b c h w -> b c` max", COPY, 1.2),
            new Workload("TutorialBenchmarks.globalMean", "`b c h w -> b c` mean", COPY, 1.2),
            new Workload("TutorialBenchmarks.maxPool", "max-pooling `b c (h 2) (w 2) -> b c h w`", COPY, 1.2),
            new Workload("TutorialBenchmarks.repeatUpsample", "repeat `b c h w -> b c (h 2) (w 2)` (4x output)",
                    "ND4J assign of the output's bytes", 1.2),
            new Workload("TutorialBenchmarks.stackTen", "stack a list of ten [32, 100, 200]", COPY, 1.2),
            new Workload("TutorialBenchmarks.listTransposed", "`b c h w -> b h w c` on a list of ten [32, 100, 200]",
                    COPY, 1.2),
            new Workload("TutorialBenchmarks.spaceToDepthScoped", "space-to-depth, each call in `Nd4jMemory.scope()`",
                    COPY, 1.2),
            new Workload("TutorialBenchmarks.spaceToDepthDropped", "space-to-depth, results dropped (average)",
                    COPY, 2.0),
            new Workload("TutorialBenchmarks.packThree", "`pack` of three tensors (same bytes as x)", COPY, 1.2),
            new Workload("EinsumBenchmarks.einsumMatmul", "einsum `i j, j k -> i k`, [512, 512]",
                    "`a.mmul(b)`", 1.2),
            new Workload("EinsumBenchmarks.einsumAttention", "einsum `b i d, b j d -> b i j`, [16, 256, 64]",
                    "`Nd4j.matmul(q, k, false, true, false)`", 1.2),
            new Workload("SameDiffBenchmarks.graph|transposeFlattened", "SameDiff graph: `b c h w -> b (h w c)`", COPY, 3),
            new Workload("SameDiffBenchmarks.graph|spaceToDepth", "SameDiff graph: space-to-depth", COPY, 3),
            new Workload("SameDiffBenchmarks.graph|maxPool", "SameDiff graph: max-pooling", COPY, 3),
            new Workload("SameDiffBenchmarks.graph|globalMean", "SameDiff graph: `b c h w -> b c` mean", COPY, 3),
            new Workload("SameDiffBenchmarks.graph|repeatUpsample", "SameDiff graph: repeat (4x output)",
                    "ND4J assign of the output's bytes", 3),
            new Workload("ScalarLoopsBenchmarks.globalMax", "`b c h w -> b c` max, scalar loops (no Vector API)", COPY, 1.2),
            new Workload("ScalarLoopsBenchmarks.globalMean", "`b c h w -> b c` mean, scalar loops (no Vector API)", COPY,
                    1.2),
            new Workload("TinyBenchmarks.tinyRearrange", "tiny `a b c -> c a b` on [2, 3, 4] (cached)",
                    "`x.permute(2, 0, 1)`", 0),
            new Workload("TinyBenchmarks.tinyReduceMax", "tiny `a b c -> a` max on [2, 3, 4] (cached)",
                    "`x.max(1, 2)`", 0));

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path output = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
        String include = args.length > 1 ? args[1] : ".*";
        String profiler = args.length > 2 ? args[2] : "none";
        Path floors = Files.createTempDirectory("einops-floors");
        OptionsBuilder builder = new OptionsBuilder();
        if (!profiler.equals("none")) {
            int colon = profiler.indexOf(':');   // jfr:dir=/tmp/jfr, as JMH's -prof takes it
            builder.addProfiler(colon < 0 ? profiler : profiler.substring(0, colon),
                    colon < 0 ? "" : profiler.substring(colon + 1));
        }
        Options options = builder
                .include("dev\\.einops\\.bench\\..*(" + include + ").*")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx2g", "--add-modules", "jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=8G",
                        "-Dorg.bytedeco.javacpp.maxphysicalbytes=12G",
                        "-D" + FloorProbe.DIRECTORY_PROPERTY + "=" + floors)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Statistics> byName = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replace("dev.einops.bench.", "");
            String dtype = r.getParams().getParam("dtype");
            String workload = r.getParams().getParam("workload");
            String key = name + (dtype == null ? "" : "|" + dtype) + (workload == null ? "" : "|" + workload);
            byName.put(key, r.getPrimaryResult().getStatistics());
            units.put(key, r.getPrimaryResult().getScoreUnit());
        }
        String analysis = "";
        if (Files.exists(output)) {
            String previous = Files.readString(output, StandardCharsets.UTF_8);
            int at = previous.indexOf(NOTES_MARKER);
            analysis = at < 0 ? "" : previous.substring(at + NOTES_MARKER.length());
        }
        Map<String, double[]> floorStats = new LinkedHashMap<>();
        try (var files = Files.list(floors)) {
            for (Path f : files.toList()) {
                floorStats.put(f.getFileName().toString(), java.util.Arrays.stream(Files.readString(f).trim().split(" "))
                        .mapToDouble(Double::parseDouble).toArray());
            }
        }
        Files.writeString(output, render(byName, units, floorStats) + analysis, StandardCharsets.UTF_8);
        System.out.println("wrote " + output.toAbsolutePath());
    }

    static String render(Map<String, Statistics> stats, Map<String, String> units, Map<String, double[]> floors) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Generated by `mvn -B -ntp -Pbench -DskipTests verify -pl integration-tests -am` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE)).append(".\n\n");
        md.append("Machine: ").append(machine()).append(".\n\n");
        md.append("JMH 1.37, one fork per workload, 3 x 1 s warm-up, 5 x 1 s measurement, sample mode: median and "
                + "min - max are per call (the dropped-results loop: average mode, per-iteration averages). The floor "
                + "is measured in the same JVM right after the workload (median of 15 to 31 timed runs after a "
                + "warm-up), and the ratio is workload median / floor median: absolute times drift on this shared "
                + "machine, ratios hold. The forks run with `--add-modules jdk.incubator.vector` (the Vector API "
                + "loops); the rows marked scalar run without them.\n\n");
        md.append("| workload | dtype | median | min - max | floor | floor median (min - max) | ratio | target | met |\n");
        md.append("| --- | --- | ---: | ---: | --- | ---: | ---: | --- | --- |\n");
        for (Workload w : WORKLOADS) {
            for (String dtype : new String[] {"DOUBLE", "FLOAT", null}) {
                String[] parts = w.benchmark().split("\\|");
                String key = parts[0] + (dtype == null ? "" : "|" + dtype) + (parts.length > 1 ? "|" + parts[1] : "");
                Statistics s = stats.get(key);
                if (s == null) {
                    continue;
                }
                String unit = units.get(key).replace("/op", "");
                double median = s.getPercentile(50);
                double[] floor = floors.get(key);
                String target;
                String met;
                String ratio = "-";
                if (w.floor() == null) {
                    target = "O(1)";
                    met = median < 0.1 ? "yes" : "**no**";
                } else if (floor == null) {
                    target = "-";
                    met = "floor missing";
                } else if (w.target() == 0) {
                    double extra = median - floor[0];
                    ratio = fmt(median / floor[0]) + "x";
                    target = "<= 5 us above floor";
                    met = (extra <= 5 ? "yes" : "**no**") + " (+" + fmt(extra) + " us)";
                } else {
                    ratio = fmt(median / floor[0]) + "x";
                    target = "<= " + w.target() + "x";
                    met = median / floor[0] <= w.target() ? "yes" : "**no**";
                }
                md.append("| ").append(w.description())
                        .append(" | ").append(dtype == null ? "double" : dtype.toLowerCase(Locale.ROOT))
                        .append(" | ").append(fmt(median)).append(' ').append(unit)
                        .append(" | ").append(fmt(s.getMin())).append(" - ").append(fmt(s.getMax()))
                        .append(" | ").append(w.floor() == null ? "-" : w.floor())
                        .append(" | ").append(floor == null ? "-" : fmt(floor[0]) + " " + unit + " (" + fmt(floor[1])
                                + " - " + fmt(floor[2]) + ")")
                        .append(" | ").append(ratio).append(" | ").append(target).append(" | ").append(met).append(" |\n");
            }
        }
        List<String> extra = floors.keySet().stream().filter(k -> k.endsWith("|gemm")).toList();
        if (!extra.isEmpty()) {
            md.append("\nFor reference, `Nd4j.gemm(a, b, false, false)` on the same [512, 512] operands: ");
            md.append(String.join(", ", extra.stream().map(k -> k.split("\\|")[1].toLowerCase(Locale.ROOT) + " "
                    + fmt(floors.get(k)[0]) + " ms").toList())).append(".\n");
        }
        md.append(NOTES_MARKER);
        return md.toString();
    }

    /** Hand-written analysis is kept below this line when the file is regenerated. */
    static final String NOTES_MARKER = "\n<!-- analysis -->\n";

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The machine in one line: CPU, cores, memory, OS, Java and ND4J (the Spark benchmarks' report uses it too). */
    public static String machine() {
        List<String> parts = new ArrayList<>();
        try {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> parts.add(l.substring(l.indexOf(':') + 1).trim()));
        } catch (IOException e) {
            parts.add(System.getProperty("os.arch"));
        }
        parts.add(Runtime.getRuntime().availableProcessors() + " cores");
        parts.add(String.format(Locale.ROOT, "%.0f GiB",
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        parts.add(System.getProperty("os.name") + " " + System.getProperty("os.version"));
        parts.add("Java " + System.getProperty("java.version"));
        parts.add("ND4J 1.0.0-M2.1 (nd4j-native, linux-x86_64)");
        return String.join(", ", parts);
    }
}
