package dev.einops.samediff;

import dev.einops.Tensors;
import dev.einops.spi.HostArray;
import dev.einops.testkit.TensorAdapter;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Host arrays as constants of a SameDiff graph, one new graph per call; results read by evaluating them. */
final class SameDiffTensors implements TensorAdapter<SDVariable> {
    private SameDiff graph = SameDiff.create();

    @Override
    public void startCase() {
        graph = SameDiff.create();
    }

    @Override
    public SDVariable toTensor(HostArray host) {
        INDArray value = Tensors.fromHost(host);
        return graph.constant(value);
    }

    @Override
    public HostArray toHost(SDVariable tensor) {
        return Tensors.toHost(tensor);
    }
}
