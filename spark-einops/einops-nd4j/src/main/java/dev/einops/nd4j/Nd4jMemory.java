package dev.einops.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Releasing einops results promptly. ND4J frees off-heap memory only when the garbage collector
 * happens to run, so a loop producing large results should close each when done. But a result may
 * be a view of its input (a permutation, a split or merge of axes), and closing a permuted view
 * frees the input's memory too; this helper closes a result only when it owns its memory.
 *
 * <pre>{@code
 * for (INDArray batch : batches) {
 *     INDArray y = Einops.rearrange(batch, "b c h w -> b (h w c)");   // a copy
 *     consume(y);
 *     Nd4jMemory.closeUnlessShared(y, batch);                       // frees y now
 * }
 * }</pre>
 */
public final class Nd4jMemory {
    private static final Nd4jBackend BACKEND = new Nd4jBackend();

    private Nd4jMemory() {
    }

    /**
     * Closes {@code result} unless it shares memory with one of {@code inputs}.
     *
     * @return whether the result was closed
     */
    public static boolean closeUnlessShared(INDArray result, INDArray... inputs) {
        for (INDArray input : inputs) {
            if (result == input || BACKEND.sharesStorage(result, input)) {
                return false;
            }
        }
        if (!result.closeable()) {
            return false;
        }
        result.close();
        return true;
    }
}
