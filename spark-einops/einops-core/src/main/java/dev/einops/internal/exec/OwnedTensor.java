package dev.einops.internal.exec;

import dev.einops.spi.Backend;

/**
 * A tensor in the middle of a computation, and the intermediate whose memory it uses when the
 * engine allocated it: when a step produces a tensor with fresh memory, the intermediate it
 * replaces is released at once instead of being left to the garbage collector. The caller's own
 * tensors are never released.
 */
final class OwnedTensor<T> {
    private final Backend<T> backend;
    private T current;
    private T owned;

    OwnedTensor(Backend<T> backend, T tensor, boolean engineMadeIt) {
        this.backend = backend;
        this.current = tensor;
        this.owned = engineMadeIt ? tensor : null;
    }

    T current() {
        return current;
    }

    /** Moves on to {@code next}, computed from the current tensor. */
    void advance(T next) {
        if (next != current && !backend.sharesStorage(next, current)) {
            releaseOwned();
            owned = next;
        }
        current = next;
    }

    /** Releases the engine's memory behind this tensor unless {@code result} uses it. */
    void releaseUnlessUsedBy(T result) {
        if (owned != null && owned != result && !backend.sharesStorage(result, owned)) {
            releaseOwned();
        }
    }

    private void releaseOwned() {
        if (owned != null) {
            backend.release(owned);
            owned = null;
        }
    }
}
