package dev.einops.examples;

import dev.einops.testkit.JavadocSnippets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The examples module's Javadoc has no Java example yet (each example shows the shell command that
 * runs it, in a plain {@code <pre>}); this check makes any future one run in a test.
 */
class JavadocExamplesTest {
    @Test
    void everyExampleOfTheExamplesIsCopiedIntoATest() {
        JavadocSnippets.assertEveryExampleMirrored(Path.of("src/main/java"), Path.of("src/test/java"));
    }
}
