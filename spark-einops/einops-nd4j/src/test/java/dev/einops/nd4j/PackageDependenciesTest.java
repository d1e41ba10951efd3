package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.testkit.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A backend is written against the SPI, the shared types and the public API alone, never the engine's internals. */
class PackageDependenciesTest {
    @Test
    void theBackendUsesOnlyTheSpiTheTypesAndTheApi() {
        PackageGraph graph = PackageGraph.ofSources(Path.of("src/main/java"), "dev.einops");
        assertEquals(Set.of("dev.einops.nd4j"), graph.packages());
        assertEquals(List.of(), graph.usesOutside("dev.einops.nd4j",
                Set.of("dev.einops", "dev.einops.spi", "dev.einops.types")));
    }
}
