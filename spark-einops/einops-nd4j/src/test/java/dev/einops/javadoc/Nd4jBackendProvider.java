package dev.einops.javadoc;

import dev.einops.nd4j.Nd4jBackend;
import dev.einops.spi.Backend;
import dev.einops.spi.BackendProvider;
import java.util.Set;

/** The Javadoc example of {@link BackendProvider}, compiled; {@code CoreJavadocExamplesTest} runs it. */
// example: BackendProvider
public final class Nd4jBackendProvider implements BackendProvider {
    public Set<String> tensorTypeNames() { return Set.of("org.nd4j.linalg.api.ndarray.INDArray"); }
    public Backend<?> create() { return new Nd4jBackend(); }
}
// end example
