package dev.einops.samediff;

import dev.einops.spi.Backend;
import dev.einops.spi.BackendProvider;
import java.util.Set;

/**
 * Registers {@link SameDiffBackend} for {@code SDVariable} through {@code META-INF/services}.
 *
 * <pre>{@code
 * Backends.forTensor(sd.var("x", DataType.FLOAT, 2, 3)).name();   // samediff
 * }</pre>
 */
public final class SameDiffBackendProvider implements BackendProvider {
    @Override
    public Set<String> tensorTypeNames() {
        return Set.of("org.nd4j.autodiff.samediff.SDVariable");
    }

    @Override
    public Backend<?> create() {
        return new SameDiffBackend();
    }
}
