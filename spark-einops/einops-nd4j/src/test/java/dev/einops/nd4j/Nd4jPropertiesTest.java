package dev.einops.nd4j;

import dev.einops.testkit.EinopsPropertiesContract;
import dev.einops.testkit.TensorAdapter;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The engine's properties (naive-loop oracle, inverses, ellipsis) on ND4J arrays. */
class Nd4jPropertiesTest extends EinopsPropertiesContract<INDArray> {
    @Override
    protected TensorAdapter<INDArray> adapter() {
        return Nd4jTensors.ADAPTER;
    }
}
