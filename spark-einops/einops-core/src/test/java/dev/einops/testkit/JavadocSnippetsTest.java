package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** How examples are found in Javadoc, how their copies are found in tests, and what the check reports. */
class JavadocSnippetsTest {
    private static final String SOURCE = String.join("\n",
            "package p;",
            "/**",
            " * A type.",
            " *",
            " * <pre>{@code",
            " * Shape s = Shape.of(2, 3);   // [2, 3]",
            " *     s.rank();   // 2",
            " * }</pre>",
            " */",
            "@Deprecated(since = \"1\")",
            "public final class Shape {",
            "    private static final String BRACES = \"{ { {\";   // a literal's braces are not the type's",
            "    /**",
            " * <pre>{@code",
            " * Shape.of(1);",
            " * }</pre>",
            " * <pre>{@code",
            " * Shape.of();",
            " * }</pre>",
            "     */",
            "    public static <T> Shape of(long... lengths) {",
            "        return null;",
            "    }",
            "",
            "    /**",
            "     * <pre>{@code",
            "     * new Shape.Axis(3).length();   // 3",
            "     * }</pre>",
            "     */",
            "    public record Axis(long length) {",
            "    }",
            "}",
            "");

    @Test
    void examplesAreKeyedByTheTypeOrMemberTheyDocument() {
        List<JavadocSnippets.Snippet> examples = JavadocSnippets.examples(SOURCE, "p/Shape.java");
        assertEquals(List.of("Shape", "Shape#of", "Shape#of [2]", "Shape.Axis"),
                examples.stream().map(JavadocSnippets.Snippet::key).toList());
        assertEquals("Shape s = Shape.of(2, 3);   // [2, 3]\ns.rank();   // 2", examples.get(0).text(),
                "lines are stripped, so indentation does not count");
    }

    @Test
    void copiesAreTheLinesBetweenTheMarkers() {
        String test = String.join("\n",
                "    void shape() {",
                "        // example: Shape",
                "        Shape s = Shape.of(2, 3);   // [2, 3]",
                "",
                "        s.rank();   // 2",
                "        // end example",
                "        assertEquals(2, s.rank());",
                "    }");
        List<JavadocSnippets.Snippet> copies = JavadocSnippets.copies(test, "ShapeTest.java");
        assertEquals(1, copies.size());
        assertEquals(JavadocSnippets.examples(SOURCE, "p/Shape.java").get(0).text(), copies.get(0).text());
        assertTrue(assertThrows(AssertionFailedError.class,
                () -> JavadocSnippets.copies("// example: Shape\nShape.of();\n", "Unclosed.java")).getMessage()
                .startsWith("Unclosed.java: the example of Shape has no \"// end example\""));
    }

    @Test
    void theCheckReportsMissingChangedAndStaleCopies(@TempDir Path dir) throws IOException {
        Path main = Files.createDirectories(dir.resolve("main/p"));
        Path tests = Files.createDirectories(dir.resolve("test/p"));
        Files.writeString(main.resolve("Shape.java"), SOURCE);
        Files.writeString(tests.resolve("ShapeTest.java"), String.join("\n",
                "// example: Shape",
                "Shape s = Shape.of(2, 3);   // [2, 3]",
                "s.rank();   // 3",
                "// end example",
                "// example: Shape#of",
                "Shape.of(1);",
                "// end example",
                "// example: Shape#gone",
                "Shape.gone();",
                "// end example",
                "// example: Elsewhere",
                "Elsewhere.run();",
                "// end example",
                ""));
        String report = assertThrows(AssertionFailedError.class,
                () -> JavadocSnippets.assertEveryExampleMirrored(dir.resolve("main"), dir.resolve("test"))).getMessage();
        assertTrue(report.contains("the copy of the example of Shape in ") && report.contains("s.rank();   // 3"), report);
        assertTrue(report.contains("no test runs the example of Shape#of [2]"), report);
        assertTrue(report.contains("no test runs the example of Shape.Axis"), report);
        assertTrue(report.contains("copies an example of Shape#gone that the Javadoc no longer has"), report);
        assertTrue(!report.contains("Elsewhere"), "copies of other modules' examples are theirs to check: " + report);
        assertTrue(!report.contains("example of Shape#of (") && !report.contains("example of Shape#of in"),
                "a faithful copy is fine: " + report);
    }
}
