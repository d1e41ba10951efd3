package dev.einops.spi;

import java.util.Set;

/**
 * The service through which a backend plugs in: list the implementation in
 * {@code META-INF/services/dev.einops.spi.BackendProvider}. A provider names its tensor
 * types instead of referring to them, so that finding the backend of a tensor never loads another
 * tensor library.
 *
 * <pre>{@code
 * public final class Nd4jBackendProvider implements BackendProvider {
 *     public Set<String> tensorTypeNames() { return Set.of("org.nd4j.linalg.api.ndarray.INDArray"); }
 *     public Backend<?> create() { return new Nd4jBackend(); }
 * }
 * }</pre>
 */
public interface BackendProvider {
    /** Fully qualified names of the classes or interfaces whose instances the backend handles. */
    Set<String> tensorTypeNames();

    /** Creates the backend; called at most once per provider. */
    Backend<?> create();

    /**
     * Which backend creates tensors when none is given ({@link dev.einops.Tensors#fromHost}): the
     * highest priority wins. ND4J's is 100; a backend that cannot create tensors should keep 0.
     */
    default int priority() {
        return 0;
    }
}
