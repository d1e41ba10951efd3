package dev.einops.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each example as a user would: its {@code main} in a JVM of its own (this test's class path,
 * the JVM flags Spark needs, -Xmx2g, the test log configuration), with no arguments, in an empty
 * working directory and with an empty temporary directory. It must exit with 0, print what its
 * header comment promises, and leave both directories empty.
 */
class ExamplesRunTest {
    private static final long TIMEOUT_SECONDS = 240;

    @TempDir
    Path dir;

    @Test
    void tutorial() throws Exception {
        String out = run(Tutorial.class);
        assertLine(out, "rearrange(x, 'b c h w -> b h w c')", "[10, 100, 200, 32]");
        assertLine(out, "rearrange(x, 'b c (h h1) (w w1) -> b (h1 w1 c) h w', h1=2, w1=2)", "[10, 128, 50, 100]");
        assertLine(out, "rearrange(x, 'b (h1 w1 c) h w -> b c (h h1) (w w1)', h1=2, w1=2)", "[10, 8, 200, 400]");
        assertLine(out, "reduce(x, 'b c h w -> b c', 'mean')", "[10, 32]");
        assertLine(out, "reduce(x, 'b c (h 2) (w 2) -> b c h w', 'max')", "[10, 32, 50, 100]");
        assertLine(out, "repeat(x, 'b c h w -> b c (h 2) (w 2)')", "[10, 32, 200, 400]");
        assertLine(out, "rearrange(list, 'b c h w -> h w (b c)')", "[100, 200, 320]");
        assertLine(out, "rearrange(x, 'b (coord bbox) h w -> coord b bbox h w', coord=4)", "[4, 10, 8, 100, 200]");
        assertLine(out, "parse_shape(x, 'batch _ h w') = {batch=10, h=100, w=200}", "");
        assertLine(out, "unpack(packed, packed_shapes, 'h w *')", "[100, 200, 3] and [100, 200]");
        assertLine(out, "einsum('b c h w, c d -> b d h w', x, weight)", "[10, 64, 100, 200]");
        assertLine(out, "gradient of y3 with respect to x", "[10, 32, 100, 200]");
        assertLine(out, "reduce(gradient, 'b c h w -> ', 'sum') = 320.0", "");
    }

    @Test
    void sqlExample() throws Exception {
        String out = run(SqlExample.class);
        assertContains(out, "|0  |0    |[3, 4, 4]|{c -> 3, h -> 4, w -> 4}|");
        assertContains(out, "|1  |[[1000.0, 1100.0, 1200.0], [1001.0, 1101.0, 1201.0], [1002.0, 1102.0, 1202.0], "
                + "[1003.0, 1103.0, 1203.0]]|");
        assertContains(out, "|0  |[16.5, 116.5, 216.5]    |[[[11.0, 13.0], [31.0, 33.0]], [[111.0, 113.0], [131.0, 133.0]], "
                + "[[211.0, 213.0], [231.0, 233.0]]]");
        assertContains(out, "|5  |[3, 8, 8]|[12, 2, 2]    |");
        assertContains(out, "|0    |3     |[2016.5, 2116.5, 2216.5]|");
        assertContains(out, "|1    |3     |[3016.5, 3116.5, 3216.5]|");
        assertContains(out, "|2  |[[[2022.0, 2023.0], [2032.0, 2033.0]], [[2122.0, 2123.0], [2132.0, 2133.0]], "
                + "[[2222.0, 2223.0], [2232.0, 2233.0]]]|");
        assertEquals(4, out.lines().filter(l -> l.startsWith("|2  |[[[")).count(), "4 patches of image 2\n" + out);
        assertContains(out, "|1    |[3, 3, 4, 4]|");
    }

    @Test
    void dl4jModelExample() throws Exception {
        String out = run(Dl4jModelExample.class);
        assertContains(out, "InputTypeFeedForward(320)");
        Matcher losses = Pattern.compile("step +(\\d+): loss (\\S+)").matcher(out);
        List<Double> loss = new ArrayList<>();
        while (losses.find()) {
            loss.add(Double.parseDouble(losses.group(2)));
        }
        assertTrue(loss.size() >= 3 && loss.get(loss.size() - 1) < loss.get(0), "the loss decreases: " + loss + "\n" + out);
        assertContains(out, "predicted classes:");
        assertContains(out, "output of the restored model for the first image: [");
        assertContains(out, "the restored model gives the same output: true");
    }

    @Test
    void pipelineExample() throws Exception {
        String out = run(PipelineExample.class);
        assertContains(out, "DataFrame: image [3, 8, 8] per row -> [8, 4, 4] per row, 32 rows");
        assertContains(out, "driver:    [32, 3, 8, 8] -> [32, 8, 4, 4]");
        assertContains(out, "the DataFrame's results equal the driver's: true");
        assertContains(out, "the SameDiff graph's output equals the driver's: true");
        assertContains(out, "gradient of the loss with respect to pipeline1_weight: [3, 8]");
        assertContains(out, "the updated pipeline gives the same on the DataFrame as on the driver: true");
    }

    /**
     * Runs {@code main} in a new JVM with no arguments and returns what it printed on stdout, after
     * checking that it exited with 0 within the time limit and left its working and temporary
     * directories empty.
     */
    private String run(Class<?> main) throws IOException, InterruptedException, URISyntaxException {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.add("-Xmx2g");
        command.addAll(sparkJvmFlags());
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-Dlog4j2.configurationFile=" + Path.of(ExamplesRunTest.class.getResource("/log4j2-test.properties").toURI()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String printed = main.getSimpleName() + " printed:\n" + out + "\nand on stderr:\n"
                + Files.readString(stderr, StandardCharsets.UTF_8);
        if (!finished) {
            fail(main.getSimpleName() + " did not finish within " + TIMEOUT_SECONDS + " s; " + printed);
        }
        assertEquals(0, process.exitValue(), "exit code; " + printed);
        assertEmpty(work, "the working directory", printed);
        assertEmpty(tmp, "the temporary directory", printed);
        return out;
    }

    /** The flags of this JVM that Spark needs on Java 17 (Surefire's argLine: the root pom's einops.jvm.opens). */
    private static List<String> sparkJvmFlags() {
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect.") || a.startsWith("-Dio.netty."))
                .toList();
        assertFalse(flags.isEmpty(), "this JVM has no --add-opens flags to pass on; run the tests with Maven, "
                + "whose Surefire argLine adds the root pom's einops.jvm.opens");
        return flags;
    }

    private static void assertEmpty(Path directory, String what, String printed) throws IOException {
        try (Stream<Path> left = Files.list(directory)) {
            List<Path> files = left.toList();
            assertTrue(files.isEmpty(), what + " should be left empty, not hold " + files + "; " + printed);
        }
    }

    /** A line that starts with {@code statement} and ends with {@code result}. */
    private static void assertLine(String out, String statement, String result) {
        assertTrue(out.lines().anyMatch(l -> l.startsWith(statement) && l.stripTrailing().endsWith(result)),
                "a line " + statement + " ... " + result + " in:\n" + out);
    }

    private static void assertContains(String out, String expected) {
        assertTrue(out.contains(expected), "\"" + expected + "\" in:\n" + out);
    }
}
