package dev.einops.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures a workload's floor in the JVM that just ran the workload, when JMH tears the trial
 * down: the median of repeated timed runs, after a warm-up. The result goes to a file the report
 * reads, named after the benchmark and its parameters.
 */
final class FloorProbe {
    /** Where floors are written; set by {@link BenchmarkReport} for the forks. */
    static final String DIRECTORY_PROPERTY = "einops.bench.floors";

    private FloorProbe() {
    }

    /** Times {@code floor} (each run doing {@code callsPerRun} calls) and records it for {@code benchmarkId}. */
    static void record(String benchmarkId, int runs, int callsPerRun, double unitsPerNano, Runnable floor) {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null) {
            return;
        }
        for (int i = 0; i < Math.max(3, runs / 3); i++) {
            floor.run();
        }
        double[] samples = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            for (int c = 0; c < callsPerRun; c++) {
                floor.run();
            }
            samples[i] = (System.nanoTime() - start) * unitsPerNano / callsPerRun;
        }
        Arrays.sort(samples);
        String line = String.format(Locale.ROOT, "%f %f %f", samples[runs / 2], samples[0], samples[runs - 1]);
        try {
            Path dir = Path.of(directory);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(benchmarkId), line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file name for a benchmark method and its dtype parameter. */
    static String id(String benchmark, String dtype) {
        String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        return name + (dtype == null ? "" : "|" + dtype);
    }

    static final double MILLIS = 1e-6;
    static final double MICROS = 1e-3;
}
