package dev.einops.nd4j;

import dev.einops.spi.Backend;
import dev.einops.spi.BackendProvider;
import java.util.Set;

/**
 * Registers {@link Nd4jBackend} for {@code INDArray} through {@code META-INF/services}; users do
 * not call it.
 *
 * <pre>{@code
 * Backends.forTensor(Nd4j.zeros(2, 3)).name();   // nd4j
 * }</pre>
 */
public final class Nd4jBackendProvider implements BackendProvider {
    @Override
    public Set<String> tensorTypeNames() {
        return Set.of("org.nd4j.linalg.api.ndarray.INDArray");
    }

    @Override
    public Backend<?> create() {
        return new Nd4jBackend();
    }

    /** ND4J creates the tensors of {@code Tensors.fromArray}. */
    @Override
    public int priority() {
        return 100;
    }
}
