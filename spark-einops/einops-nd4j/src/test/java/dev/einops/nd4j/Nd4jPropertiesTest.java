package dev.einops.nd4j;

import dev.einops.testkit.EinopsPropertiesContract;
import dev.einops.testkit.HostTensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The engine's properties (naive-loop oracle, inverses, ellipsis) on ND4J arrays. */
class Nd4jPropertiesTest extends EinopsPropertiesContract<INDArray> {
    @Override
    protected INDArray toTensor(HostTensor host) {
        return Nd4jTensors.toNd4j(host);
    }

    @Override
    protected HostTensor toHost(INDArray tensor) {
        return Nd4jTensors.toHost(tensor);
    }
}
