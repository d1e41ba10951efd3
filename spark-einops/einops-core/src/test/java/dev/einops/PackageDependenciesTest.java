package dev.einops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.testkit.PackageGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The API boundary of einops-core, read from its sources: the packages form layers, each using
 * only the ones below it, so that no package and its subpackages use each other.
 */
class PackageDependenciesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final PackageGraph CORE = PackageGraph.ofSources(MAIN, "dev.einops");
    private static final String TYPES = "dev.einops.types";
    private static final String SPI = "dev.einops.spi";
    private static final String PARSE = "dev.einops.internal.parse";
    private static final String RECIPE = "dev.einops.internal.recipe";
    private static final String EXEC = "dev.einops.internal.exec";

    /** What each package may use; a new package needs a row. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            TYPES, Set.of(),
            SPI, Set.of(TYPES),
            PARSE, Set.of(TYPES),
            RECIPE, Set.of(TYPES, SPI, PARSE),
            EXEC, Set.of(TYPES, SPI, RECIPE),
            "dev.einops", Set.of(TYPES, SPI, PARSE, RECIPE, EXEC));

    @Test
    void noPackagesUseEachOther() {
        assertEquals(List.of(), CORE.cycles());
    }

    @Test
    void eachPackageUsesOnlyTheLayersBelowIt() {
        assertEquals(new TreeSet<>(ALLOWED.keySet()), CORE.packages());
        List<String> problems = new ArrayList<>();
        for (String pkg : CORE.packages()) {
            problems.addAll(CORE.usesOutside(pkg, ALLOWED.get(pkg)));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String pkg : CORE.packages()) {
            Path info = MAIN.resolve(pkg.replace('.', '/')).resolve("package-info.java");
            if (!Files.exists(info) || !Files.readString(info).strip().startsWith("/**")) {
                missing.add(info.toString());
            }
        }
        assertEquals(List.of(), missing, "each package needs a package-info.java with a Javadoc comment");
    }
}
