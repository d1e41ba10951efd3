package dev.einops.bench.spark;

import dev.einops.bench.spark.Measure.Timing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The "## Spark" section of BENCHMARKS.md: tables of comparisons, each against a reference measured in the same run. */
final class Report {
    static final String HEADING = "## Spark";

    /** What a comparison asks: at most {@code bound} times the reference, at least {@code bound} times faster, or nothing. */
    enum Kind { AT_MOST, FASTER, NONE }

    record Target(Kind kind, double bound) {
        static final Target NONE = new Target(Kind.NONE, 0);

        static Target atMost(double ratio) {
            return new Target(Kind.AT_MOST, ratio);
        }

        static Target faster(double factor) {
            return new Target(Kind.FASTER, factor);
        }
    }

    /** One row: a workload on a source, and the reference it is compared with. */
    record Line(String workload, String source, Timing timing, String reference, Timing referenceTiming, Target target) {
    }

    private final StringBuilder md = new StringBuilder();

    void text(String paragraph) {
        md.append(paragraph).append("\n\n");
    }

    void table(String title, List<Line> lines) {
        md.append("### ").append(title).append("\n\n");
        md.append("| workload | source | median | min - max | compared with | its median | ratio | target | met |\n");
        md.append("| --- | --- | ---: | ---: | --- | ---: | ---: | --- | --- |\n");
        for (Line l : lines) {
            double ratio = l.timing().median() / l.referenceTiming().median();
            String shown;
            String target;
            String met;
            switch (l.target().kind()) {
                case AT_MOST -> {
                    shown = fmt(ratio) + "x";
                    target = "<= " + fmt(l.target().bound()) + "x";
                    met = ratio <= l.target().bound() ? "yes" : "**no**";
                }
                case FASTER -> {
                    shown = fmt(1 / ratio) + "x faster";
                    target = ">= " + fmt(l.target().bound()) + "x faster";
                    met = 1 / ratio >= l.target().bound() ? "yes" : "**no**";
                }
                default -> {
                    shown = fmt(ratio) + "x";
                    target = "-";
                    met = "-";
                }
            }
            md.append("| ").append(l.workload()).append(" | ").append(l.source())
                    .append(" | ").append(ms(l.timing().median()))
                    .append(" | ").append(fmt(l.timing().min())).append(" - ").append(fmt(l.timing().max()))
                    .append(" | ").append(l.reference()).append(" | ").append(ms(l.referenceTiming().median()))
                    .append(" | ").append(shown).append(" | ").append(target).append(" | ").append(met).append(" |\n");
        }
        md.append('\n');
    }

    void raw(String markdown) {
        md.append(markdown);
    }

    /** Hand-written notes below this line in the Spark section are kept when the section is regenerated. */
    static final String NOTES_MARKER = "<!-- spark analysis -->";

    /**
     * Replaces the "## Spark" section at the end of {@code file} (or appends it), leaving all above it
     * as it is, and the hand-written notes after {@link #NOTES_MARKER} too.
     */
    void writeInto(Path file) throws IOException {
        String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String notes = "";
        int at = before.startsWith(HEADING + "\n") ? 0 : before.indexOf("\n" + HEADING + "\n") + 1;
        if (at > 0 || before.startsWith(HEADING + "\n")) {
            String section = before.substring(at);
            int marker = section.indexOf(NOTES_MARKER);
            notes = marker < 0 ? "" : section.substring(marker + NOTES_MARKER.length());
            before = before.substring(0, at);
        } else if (!before.isEmpty() && !before.endsWith("\n\n")) {
            before = before + (before.endsWith("\n") ? "\n" : "\n\n");
        }
        Files.writeString(file, before + HEADING + "\n\n" + md.toString().stripTrailing() + "\n\n" + NOTES_MARKER
                + (notes.isEmpty() ? "\n" : notes), StandardCharsets.UTF_8);
    }

    static String ms(double millis) {
        return fmt(millis) + " ms";
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024));
    }

    static String machine(String spark) {
        return dev.einops.bench.BenchmarkReport.machine() + " (shared with other builds), -Xmx"
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m, Spark " + spark + " local[2]";
    }
}
