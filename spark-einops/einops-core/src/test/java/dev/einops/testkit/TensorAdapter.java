package dev.einops.testkit;

import dev.einops.spi.HostArray;
/**
 * How a backend's tests move tensors to and from {@link HostArray}, the format of the corpus,
 * the oracle and the property tests.
 *
 * @param <T> the backend's tensor type
 */
public interface TensorAdapter<T> {
    /** The same values as a backend tensor (float64 as the widest float, int64, bool). */
    T toTensor(HostArray host);

    /** The tensor's values in C order. */
    HostArray toHost(T tensor);

    /**
     * Called before the inputs of one call are converted: a graph backend starts a new graph
     * here, so that all inputs of the call live in one graph.
     */
    default void startCase() {
    }

    /** The identity adapter, for backends that work on {@link HostArray} itself. */
    TensorAdapter<HostArray> HOST = new TensorAdapter<>() {
        @Override
        public HostArray toTensor(HostArray host) {
            return host;
        }

        @Override
        public HostArray toHost(HostArray tensor) {
            return tensor;
        }
    };
}
