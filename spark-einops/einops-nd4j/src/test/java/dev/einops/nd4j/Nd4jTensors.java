package dev.einops.nd4j;

import dev.einops.testkit.HostArrays;
import dev.einops.spi.HostArray;
import dev.einops.testkit.TensorAdapter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between {@link HostArray} and ND4J arrays for tests. */
final class Nd4jTensors {
    static final TensorAdapter<INDArray> ADAPTER = new TensorAdapter<>() {
        @Override
        public INDArray toTensor(HostArray host) {
            return toNd4j(host);
        }

        @Override
        public HostArray toHost(INDArray tensor) {
            return Nd4jTensors.toHost(tensor);
        }
    };

    private Nd4jTensors() {
    }

    static INDArray toNd4j(HostArray h) {
        return switch (h.family()) {
            case FLOATING -> Nd4j.create(h.doubles(), h.shape(), DataType.DOUBLE);
            case INTEGER -> Nd4j.create(h.longs(), h.shape(), DataType.LONG);
            case BOOLEAN -> Nd4j.create(h.booleans(), h.shape(), DataType.BOOL);
        };
    }

    static HostArray toHost(INDArray x) {
        INDArray c = x.dup('c');
        long[] shape = x.shape();
        return switch (Nd4jTypes.family(x.dataType())) {
            case FLOATING -> HostArrays.ofDoubles(shape, c.isEmpty() ? new double[0] : c.data().asDouble());
            case INTEGER -> HostArrays.ofLongs(shape, c.isEmpty() ? new long[0] : c.data().asLong());
            case BOOLEAN -> {
                int[] bits = c.isEmpty() ? new int[0] : c.data().asInt();
                boolean[] values = new boolean[bits.length];
                for (int i = 0; i < bits.length; i++) {
                    values[i] = bits[i] != 0;
                }
                yield HostArrays.ofBooleans(shape, values);
            }
        };
    }
}
