package dev.einops;

import dev.einops.testkit.EinopsPropertiesContract;
import dev.einops.testkit.HostTensor;

/** The engine's properties on the plain-Java reference backend. */
class JavaArrayPropertiesTest extends EinopsPropertiesContract<HostTensor> {
    @Override
    protected HostTensor toTensor(HostTensor host) {
        return host;
    }

    @Override
    protected HostTensor toHost(HostTensor tensor) {
        return tensor;
    }
}
