package dev.einops;

import dev.einops.testkit.EinopsPropertiesContract;
import dev.einops.testkit.HostTensor;
import dev.einops.testkit.TensorAdapter;

/** The engine's properties on the plain-Java reference backend. */
class JavaArrayPropertiesTest extends EinopsPropertiesContract<HostTensor> {
    @Override
    protected TensorAdapter<HostTensor> adapter() {
        return TensorAdapter.HOST;
    }
}
