package dev.einops.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Releasing einops results promptly. ND4J frees off-heap memory only when the garbage collector
 * happens to run, so a loop producing large results should release each when done. But a result
 * may be a view of its input (a permutation, a split or merge of axes), and closing a permuted view
 * frees the input's memory too; this helper releases a result only when it owns its memory. Large
 * released memory is kept (up to {@code -Deinops.nd4j.pool.bytes}, default 1 GiB) for the next
 * result of the same type and size, which then skips the page faults of fresh memory.
 *
 * <pre>{@code
 * for (INDArray batch : batches) {
 *     INDArray y = Einops.rearrange(batch, "b c h w -> b (h w c)");   // a copy
 *     consume(y);
 *     Nd4jMemory.closeUnlessShared(y, batch);                       // releases y now
 * }
 * }</pre>
 */
public final class Nd4jMemory {
    private static final Nd4jBackend BACKEND = new Nd4jBackend();

    private Nd4jMemory() {
    }

    /**
     * A C-order copy of {@code x} (typically a permuted view einops returned), made by the Java
     * copy kernel into pooled memory: faster than {@code x.dup('c')} for large arrays of rank 5 and
     * more, and free of the page faults of fresh memory when earlier results were released.
     */
    public static INDArray materialize(INDArray x) {
        return Nd4jCopies.contiguousCopy(x);
    }

    /**
     * Releases {@code result} unless it shares memory with one of {@code inputs}; afterwards the
     * result must not be used, exactly as after {@code close()}.
     *
     * @return whether the result was released
     */
    public static boolean closeUnlessShared(INDArray result, INDArray... inputs) {
        for (INDArray input : inputs) {
            if (result == input || BACKEND.sharesStorage(result, input)) {
                return false;
            }
        }
        return BufferPool.SHARED.release(result);
    }
}
