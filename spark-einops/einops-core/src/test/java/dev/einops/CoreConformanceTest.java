package dev.einops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.einops.spi.HostArray;
import dev.einops.testkit.ConformanceCase;
import dev.einops.testkit.ConformanceSuite;
import dev.einops.testkit.TensorAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the conformance corpus on plain Java arrays: the core engine checked against the
 * reference without any tensor library.
 */
class CoreConformanceTest {
    private final ConformanceSuite<HostArray> suite = new ConformanceSuite<>(TensorAdapter.HOST);

    @TestFactory
    Stream<DynamicTest> everyOperationMatchesTheReference() {
        return suite.tests(c -> ConformanceSuite.ALL_OPS.contains(c.op()));
    }

    @Test
    void corpusCopyIsCurrent() throws IOException {
        Path shared = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/conformance/cases.jsonl");
            if (Files.isRegularFile(candidate)) {
                shared = candidate;
                break;
            }
        }
        assumeTrue(shared != null, "no shared/conformance beside the checkout to compare the copy with");
        try (InputStream copy = ConformanceCase.class.getResourceAsStream(ConformanceCase.RESOURCE)) {
            assertArrayEquals(Files.readAllBytes(shared), copy.readAllBytes(),
                    "the corpus copy in einops-core/src/test/resources/conformance differs from " + shared
                            + "; refresh it");
        }
    }
}
