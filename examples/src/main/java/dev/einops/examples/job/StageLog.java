package dev.einops.examples.job;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The job's stages as they run: each printed when it starts and when it ends (rows in and out, the
 * shape it produced, its time), and all of them again in the summary.
 *
 * <pre>{@code
 * StageLog log = new StageLog(System.out);
 * log.run("features", 100, "features [12, 32, 32]", () -> 100L);
 * log.printSummary();
 * }</pre>
 */
public final class StageLog {
    /** One finished stage. */
    public record Stage(String name, long rowsIn, long rowsOut, String unit, String shape, long millis) {
    }

    private final PrintStream out;
    private final List<Stage> stages = new ArrayList<>();

    public StageLog(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs a stage and records it.
     *
     * @param rowsIn the rows it reads (-1: not known before it runs)
     * @param shape  what it produces, as the summary shows it
     * @param body   the stage; returns the rows it produced
     */
    public long run(String name, long rowsIn, String shape, Supplier<Long> body) {
        return run(name, rowsIn, shape, "rows", body);
    }

    /** Runs a stage that produces {@code unit} rather than rows (pictures, stages) and records it. */
    public long run(String name, long rowsIn, String shape, String unit, Supplier<Long> body) {
        out.printf("[%d] %s ...%n", stages.size() + 1, name);
        long start = System.nanoTime();
        long rowsOut = body.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        Stage stage = new Stage(name, rowsIn, rowsOut, unit, shape, millis);
        stages.add(stage);
        out.printf("    done in %.1f s: %s %s%s%n", millis / 1000.0, rowsOut, unit,
                shape.isEmpty() ? "" : ", " + shape);
        return rowsOut;
    }

    public List<Stage> stages() {
        return List.copyOf(stages);
    }

    /** The table of stages: name, rows in, rows out, shape, seconds. */
    public void printSummary() {
        out.printf("%-22s %9s %12s %8s  %s%n", "stage", "rows in", "out", "time", "output");
        long total = 0;
        for (Stage s : stages) {
            out.printf("%-22s %9s %12s %7.1fs  %s%n", s.name(), s.rowsIn() < 0 ? "-" : String.valueOf(s.rowsIn()),
                    s.rowsOut() + (s.unit().equals("rows") ? "" : " " + s.unit()), s.millis() / 1000.0, s.shape());
            total += s.millis();
        }
        out.printf("%-22s %9s %12s %7.1fs%n", "total", "", "", total / 1000.0);
    }
}
