package dev.einops.testkit;

import dev.einops.backend.Backend;
import dev.einops.backend.BackendProvider;
import java.util.Set;

/** Registers {@link JavaArrayBackend} for {@link HostTensor} in tests. */
public final class JavaArrayBackendProvider implements BackendProvider {
    @Override
    public Set<String> tensorTypeNames() {
        return Set.of(HostTensor.class.getName());
    }

    @Override
    public Backend<?> create() {
        return new JavaArrayBackend();
    }
}
