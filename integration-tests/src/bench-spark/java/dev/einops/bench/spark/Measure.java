package dev.einops.bench.spark;

import dev.einops.spark.memory.EinopsMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;

/**
 * Times jobs round-robin (every job once per round, so that a slow minute of this shared machine
 * falls on all of them alike) and samples memory while each runs: heap in use, the bytes of
 * einops' Arrow allocator (its blocks), and JavaCPP's count of ND4J's off-heap bytes and of the
 * process's physical memory.
 */
final class Measure implements AutoCloseable {
    /** A named job: one Spark action. */
    record Job(String name, Runnable action) {
    }

    /** The highest values sampled during one run, in bytes. */
    record Peak(long heap, long arrow, long javacpp, long physical) {
        Peak max(Peak o) {
            return new Peak(Math.max(heap, o.heap), Math.max(arrow, o.arrow), Math.max(javacpp, o.javacpp),
                    Math.max(physical, o.physical));
        }
    }

    /** A job's times in milliseconds and its memory peak over all timed runs. */
    record Timing(String name, double[] millis, Peak peak) {
        double median() {
            double[] s = millis.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        double min() {
            return Arrays.stream(millis).min().orElse(Double.NaN);
        }

        double max() {
            return Arrays.stream(millis).max().orElse(Double.NaN);
        }
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong heap = new AtomicLong();
    private final AtomicLong arrow = new AtomicLong();
    private final AtomicLong javacpp = new AtomicLong();
    private final AtomicLong physical = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;
    private final java.nio.file.Path jobLog = System.getProperty("bench.spark.jobLog") == null ? null
            : java.nio.file.Path.of(System.getProperty("bench.spark.jobLog"));
    private String section = "";

    Measure() {
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "einops-bench-memory");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        heap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        arrow.accumulateAndGet(EinopsMemory.allocatedBytes(), Math::max);
        javacpp.accumulateAndGet(Pointer.totalBytes(), Math::max);
        physical.accumulateAndGet(Pointer.physicalBytes(), Math::max);
    }

    private void reset() {
        heap.set(0);
        arrow.set(0);
        javacpp.set(0);
        physical.set(0);
        sample();
    }

    private Peak peak() {
        sample();
        return new Peak(heap.get(), arrow.get(), javacpp.get(), physical.get());
    }

    /** Names the section the next jobs belong to, in the job log. */
    void section(String name) {
        section = name;
    }

    /**
     * With {@code -Dbench.spark.jobLog=FILE}, appends each timed run as {@code section, job, start and
     * end in epoch milliseconds}, to attribute a profile's samples (JFR) to the job that was running.
     */
    private void log(String job, long startMillis, long endMillis) {
        if (jobLog == null) {
            return;
        }
        try {
            java.nio.file.Files.writeString(jobLog, section + "\t" + job + "\t" + startMillis + "\t" + endMillis + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs every job {@code warmups} times, then {@code runs} timed rounds; the timings by job name. */
    Map<String, Timing> rounds(List<Job> jobs, int warmups, int runs) {
        for (int i = 0; i < warmups; i++) {
            for (Job job : jobs) {
                job.action().run();
            }
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, Peak> peaks = new LinkedHashMap<>();
        for (int r = 0; r < runs; r++) {
            for (Job job : jobs) {
                reset();
                long wall = System.currentTimeMillis();
                long start = System.nanoTime();
                job.action().run();
                double ms = (System.nanoTime() - start) / 1e6;
                log(job.name(), wall, System.currentTimeMillis());
                Peak p = peak();
                times.computeIfAbsent(job.name(), k -> new ArrayList<>()).add(ms);
                peaks.merge(job.name(), p, Peak::max);
                System.out.printf("  %-60s %10.1f ms%n", job.name(), ms);
            }
        }
        Map<String, Timing> out = new LinkedHashMap<>();
        for (Job job : jobs) {
            out.put(job.name(), new Timing(job.name(),
                    times.get(job.name()).stream().mapToDouble(Double::doubleValue).toArray(), peaks.get(job.name())));
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
