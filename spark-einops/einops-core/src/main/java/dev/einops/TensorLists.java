package dev.einops;

import dev.einops.spi.Backend;
import dev.einops.spi.Backends;
import dev.einops.types.EinopsException;
import java.util.List;

/** A non-empty list of tensors of one backend, with their shapes: the input of every list call. */
record TensorLists<T>(Backend<T> backend, List<T> tensors, long[][] shapes) {

    /**
     * Checks the list and reads the shapes.
     *
     * @throws EinopsException for a null or empty list, a null tensor, or tensors of different backends
     */
    static <T> TensorLists<T> of(List<T> tensors, String emptyMessage) {
        if (tensors == null || tensors.isEmpty()) {
            throw new EinopsException(emptyMessage);
        }
        if (tensors.get(0) == null) {
            throw new EinopsException("Tensor 0 of the list is null");
        }
        Backend<T> backend = Backends.forTensor(tensors.get(0));
        long[][] shapes = new long[tensors.size()][];
        for (int i = 0; i < shapes.length; i++) {
            T t = tensors.get(i);
            if (t == null || Backends.forTensor(t) != backend) {
                throw new EinopsException("Tensor " + i + " of the list is " + (t == null ? "null"
                        : "a " + t.getClass().getName() + ", which " + backend.name() + " does not handle like tensor 0"));
            }
            shapes[i] = backend.shape(t);
        }
        return new TensorLists<>(backend, List.copyOf(tensors), shapes);
    }
}
