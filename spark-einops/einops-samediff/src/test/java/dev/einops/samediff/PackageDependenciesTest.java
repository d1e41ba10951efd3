package dev.einops.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.testkit.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A backend is written against the SPI, the shared types and the public API, never the engine's
 * internals; this one also builds on the ND4J backend, whose arrays hold a SameDiff graph's values.
 */
class PackageDependenciesTest {
    @Test
    void theBackendUsesOnlyTheSpiTheTypesTheApiAndNd4j() {
        PackageGraph graph = PackageGraph.ofSources(Path.of("src/main/java"), "dev.einops");
        assertEquals(Set.of("dev.einops.samediff"), graph.packages());
        assertEquals(List.of(), graph.usesOutside("dev.einops.samediff",
                Set.of("dev.einops", "dev.einops.spi", "dev.einops.types", "dev.einops.nd4j")));
    }
}
