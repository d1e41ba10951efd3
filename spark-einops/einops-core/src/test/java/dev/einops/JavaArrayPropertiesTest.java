package dev.einops;

import dev.einops.spi.HostArray;
import dev.einops.testkit.EinopsPropertiesContract;
import dev.einops.testkit.TensorAdapter;

/** The engine's properties on the plain-Java reference backend. */
class JavaArrayPropertiesTest extends EinopsPropertiesContract<HostArray> {
    @Override
    protected TensorAdapter<HostArray> adapter() {
        return TensorAdapter.HOST;
    }
}
