package dev.einops.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * einops' Java API from a JVM that holds only Spark's Connect client (the jar spark-connect-client-jvm
 * and its own dependencies), einops-core and einops-spark, against a Connect server with einops' SQL
 * extension: the client needs no classic Spark, Spark ML or ND4J class ({@link ConnectClientMain}
 * checks they are absent).
 */
class ConnectClientTest {
    /** The runtime dependencies of spark-connect-client-jvm (its pom), as jar-name prefixes. */
    private static final List<String> CLIENT_DEPENDENCIES = List.of("scala-library-", "scala-reflect-",
            "scala-parser-combinators_", "scala-xml_", "spark-common-utils_", "spark-common-utils-java_",
            "spark-unsafe_", "spark-variant_", "spark-sketch_", "spark-tags_", "icu4j-", "chill_", "chill-java-",
            "kryo-shaded-", "minlog-", "objenesis-", "json4s-", "antlr4-runtime-", "jackson-", "commons-codec-",
            "commons-text-", "commons-lang3-", "commons-io-", "xbean-asm9-shaded-", "paranamer-", "slf4j-api-",
            "jul-to-slf4j-", "jcl-over-slf4j-", "log4j-", "unused-", "jsr305-", "zstd-jni-");

    private static ConnectServer server;

    @BeforeAll
    static void start() {
        server = ConnectServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theApiRunsOnAClientWithOnlyTheConnectClient() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(Arrays.asList(System.getProperty("einops.jvm.opens").trim().split("\\s+")));
        command.addAll(List.of("-cp", clientClassPath(), ConnectClientMain.class.getName(), server.url()));
        Path log = Files.createTempFile("einops-connect-client", ".log");
        Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(client.waitFor(5, TimeUnit.MINUTES), "the client did not finish");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String output = String.join("\n", lines);
        assertEquals(0, client.exitValue(), output);
        for (String expected : List.of(
                "absent org.apache.spark.sql.classic.SparkSession",
                "absent org.apache.spark.sql.catalyst.expressions.Expression",
                "absent org.apache.spark.ml.linalg.VectorUDT",
                "absent org.nd4j.linalg.factory.Nd4j",
                "rearrange [[ArraySeq(ArraySeq(0, 0), ArraySeq(1, 1))], [ArraySeq(ArraySeq(1, 10), ArraySeq(2, 11))], "
                        + "[ArraySeq(ArraySeq(2, 20), ArraySeq(3, 21))]]",
                "reduce [[ArraySeq(0, 2)], [ArraySeq(11, 13)], [ArraySeq(22, 24)]]",
                "groups [[0,ArraySeq(3, 21)], [1,ArraySeq(2, 11)]]",
                "explode [[ArraySeq(1, 2)], [ArraySeq(10, 11)]]",
                "error reduceToArray does not work over Spark Connect: it merges partial results into an ND4J array "
                        + "on the driver; reduce(df, column, pattern, reduction) gives the same tensor as a one-row "
                        + "DataFrame")) {
            assertTrue(lines.contains(expected), "missing: " + expected + "\nin:\n" + output);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("error ") && l.contains("b h w -> b h w c")), output);
    }

    /**
     * Spark's Connect client jar (copied by the build), the jars of its dependencies on this JVM's class
     * path, einops-core and einops-spark, and this module's test classes for the main class.
     */
    private static String clientClassPath() {
        List<String> entries = new ArrayList<>(List.of(System.getProperty("einops.connect.client")));
        // Surefire starts the test JVM from a manifest-only jar and names the real class path here
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : testClassPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            boolean einops = (entry.contains("einops-core") || entry.contains("einops-spark"))
                    && !name.contains("tests") && !entry.contains("test-classes");
            boolean ownTests = entry.contains("integration-tests") && name.equals("test-classes");
            if (einops || ownTests || (name.endsWith(".jar") && CLIENT_DEPENDENCIES.stream().anyMatch(name::startsWith))) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
