package dev.einops.samediff;

import dev.einops.testkit.EinopsPropertiesContract;
import dev.einops.testkit.TensorAdapter;
import org.nd4j.autodiff.samediff.SDVariable;

/** The engine's properties (naive-loop oracle, inverses, ellipsis, einsum, pack) on SameDiff graphs. */
class SameDiffPropertiesTest extends EinopsPropertiesContract<SDVariable> {
    private final SameDiffTensors adapter = new SameDiffTensors();

    @Override
    protected TensorAdapter<SDVariable> adapter() {
        return adapter;
    }
}
