package dev.einops.testkit;

/**
 * How a backend's tests move tensors to and from {@link HostTensor}, the format of the corpus,
 * the oracle and the property tests.
 *
 * @param <T> the backend's tensor type
 */
public interface TensorAdapter<T> {
    /** The same values as a backend tensor (float64 as the widest float, int64, bool). */
    T toTensor(HostTensor host);

    /** The tensor's values in C order. */
    HostTensor toHost(T tensor);

    /** The identity adapter, for backends that work on {@link HostTensor} itself. */
    TensorAdapter<HostTensor> HOST = new TensorAdapter<>() {
        @Override
        public HostTensor toTensor(HostTensor host) {
            return host;
        }

        @Override
        public HostTensor toHost(HostTensor tensor) {
            return tensor;
        }
    };
}
