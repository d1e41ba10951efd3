package dev.einops.backend;

import dev.einops.DTypeFamily;
import dev.einops.Reduction;
import java.util.List;

/**
 * What einops needs from a tensor library: a dozen primitive operations on one tensor type.
 * Core turns every pattern into a short {@link dev.einops.recipe.ExecutionPlan} of these
 * primitives and never touches a tensor otherwise.
 *
 * <p>Implementations are stateless and thread-safe, and are found through a
 * {@link BackendProvider} listed in {@code META-INF/services}. Arguments arrive validated: shapes
 * have the right number of elements, axes are in range, reductions are allowed for the dtype.
 *
 * <pre>{@code
 * Backend<INDArray> nd4j = Backends.forTensor(x);
 * nd4j.shape(nd4j.permute(x, new int[] {1, 0}));   // x's shape, reversed
 * }</pre>
 *
 * @param <T> the tensor type
 */
public interface Backend<T> {
    /** A short name for messages, e.g. {@code "nd4j"}. */
    String name();

    /** The shape of {@code x}; rank 0 is an empty array. */
    long[] shape(T x);

    /** The element family of {@code x}. */
    DTypeFamily dtypeFamily(T x);

    /** {@code x} in C order with a new shape of the same size; a view where possible. */
    T reshape(T x, long[] shape);

    /** {@code x} with its axes reordered: axis {@code i} of the result is axis {@code axes[i]} of x. */
    T permute(T x, int[] axes);

    /**
     * {@code x} reduced over {@code axes} (sorted, distinct, non-empty), which are dropped. The
     * result's family follows {@link Reduction#resultFamily}.
     */
    T reduce(T x, Reduction reduction, int[] axes);

    /**
     * {@code x} viewed as {@code unitShape} (its shape with 1s inserted) and repeated along those
     * unit axes to {@code targetShape}; always a new tensor.
     */
    T expand(T x, long[] unitShape, long[] targetShape);

    /** The tensors, all of one shape, stacked along a new first axis. */
    T stack(List<T> tensors);

    /**
     * Whether {@code a} and {@code b} use the same memory, so that releasing one would break the
     * other. The default answers true, which makes the engine release nothing.
     */
    default boolean sharesStorage(T a, T b) {
        return true;
    }

    /**
     * Frees an intermediate result the engine made and no longer needs, so that large temporaries
     * are not left to the garbage collector. The default does nothing.
     */
    default void release(T intermediate) {
    }
}
