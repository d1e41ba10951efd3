package dev.einops.testkit;

import dev.einops.spi.Backend;
import dev.einops.spi.BackendProvider;
import dev.einops.spi.HostArray;
import java.util.Set;

/** Registers {@link JavaArrayBackend} for {@link HostArray} in tests. */
public final class JavaArrayBackendProvider implements BackendProvider {
    @Override
    public Set<String> tensorTypeNames() {
        return Set.of(HostArray.class.getName());
    }

    @Override
    public Backend<?> create() {
        return new JavaArrayBackend();
    }
}
