package dev.einops.types;

/**
 * A custom reduction, usable wherever a reduction name is: it receives the tensor and the axes to
 * reduce, and returns the tensor with exactly those axes removed.
 *
 * <pre>{@code
 * Reducer<INDArray> logSumExp = (x, axes) -> Transforms.log(Transforms.exp(x).sum(axes));
 * INDArray y = Einops.reduce(x, "b c h w -> b c", logSumExp);
 * }</pre>
 *
 * <p>The axes are those of the tensor as passed, which may merge several axes of the pattern that
 * are reduced together; the set of reduced elements is always the pattern's.
 *
 * @param <T> the tensor type
 */
@FunctionalInterface
public interface Reducer<T> {
    /** Reduces {@code tensor} over {@code axes} (sorted, distinct, non-empty), dropping them. */
    T reduce(T tensor, int[] axes);
}
