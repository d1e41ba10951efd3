package dev.einops.testkit;

import dev.einops.HostArray;
import dev.einops.backend.Backend;
import dev.einops.backend.BackendProvider;
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
