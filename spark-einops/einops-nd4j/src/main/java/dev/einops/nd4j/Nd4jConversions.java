package dev.einops.nd4j;

import dev.einops.Tensors;
import dev.einops.spi.HostArray;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Any supported tensor as an ND4J array (the reference's {@code asnumpy}, with ND4J as the
 * host library).
 *
 * <pre>{@code
 * INDArray host = Nd4jConversions.toINDArray(anyTensor);   // an INDArray is returned as is
 * }</pre>
 */
public final class Nd4jConversions {
    private static final Nd4jBackend ND4J = new Nd4jBackend();

    private Nd4jConversions() {
    }

    /**
     * {@code tensor} itself when it is an {@link INDArray}; otherwise a new array with its values,
     * read through its backend ({@code DOUBLE}, {@code LONG} or {@code BOOL} by family).
     */
    public static INDArray toINDArray(Object tensor) {
        if (tensor instanceof INDArray array) {
            return array;
        }
        HostArray host = Tensors.toHost(tensor);
        return switch (host.family()) {
            case FLOATING -> ND4J.fromArray(host.doubles(), host.shape());
            case INTEGER -> ND4J.fromArray(host.longs(), host.shape());
            case BOOLEAN -> ND4J.fromArray(host.booleans(), host.shape());
        };
    }
}
