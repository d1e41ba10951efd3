package dev.einops.spi;

import dev.einops.types.DTypeFamily;
import dev.einops.types.EinopsException;
import dev.einops.types.Reduction;
import dev.einops.types.ReductionRules;
import dev.einops.types.TensorSizeLimit;
import java.util.List;

/**
 * What einops needs from a tensor library: a dozen primitive operations on one tensor type.
 * The engine turns every pattern into a short plan of these primitives and never touches a
 * tensor otherwise.
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
     * result's type, and the result of reducing no elements, follow {@link ReductionRules}.
     */
    T reduce(T x, Reduction reduction, int[] axes);

    /**
     * {@code x}, which has the rank of {@code targetShape} and length 1 on every axis to repeat,
     * repeated along those axes to {@code targetShape}; a new tensor. A -1 in the target (a length
     * known only at run time) is never an axis to repeat.
     */
    T expand(T x, long[] targetShape);

    /**
     * {@code x} reshaped to a shape some of whose lengths are known only at run time ({@code -1} in
     * {@code shape}): {@code dims} gives each length as a product of the operands' dimensions.
     * Only backends whose tensors can have such lengths (graph placeholders) receive this; the
     * default refuses.
     *
     * @param operands the operation's inputs, whose dimensions {@code dims} refer to
     */
    default T reshape(T x, long[] shape, SymbolicDim[] dims, List<T> operands) {
        throw new EinopsException("The " + name() + " backend has no tensors with lengths unknown until run time, "
                + "but was asked to reshape to " + java.util.Arrays.toString(dims));
    }

    /**
     * The tensors, all of one shape, stacked along a new first axis; mixed types are promoted as
     * numpy does (boolean to integer to floating).
     */
    T stack(List<T> tensors);

    /**
     * The tensors, all of one shape, stacked along a new first axis, then seen with {@code shape}
     * (the same elements in C order, other axis lengths: the splits and merges a pattern starts with)
     * and their axes reordered by {@code axes}: {@code permute(reshape(stack(tensors), shape), axes)},
     * the start of a call on a list. The default does exactly that, releasing what it no longer
     * needs; a backend that can write the stack straight in the reordered layout overrides it, so
     * that a list is copied once, with no intermediate.
     */
    default T stack(List<T> tensors, long[] shape, int[] axes) {
        T stacked = stack(tensors);
        T shaped = reshape(stacked, shape);
        if (shaped != stacked && !sharesStorage(shaped, stacked)) {
            release(stacked);
        }
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] != i) {
                return permute(shaped, axes);
            }
        }
        return shaped;
    }

    /**
     * The tensors joined along {@code axis}; all other lengths agree (checked by the caller).
     * Mixed types are promoted as in {@link #stack}.
     */
    T concat(List<T> tensors, int axis);

    /** Elements {@code start, start + step, ...} below {@code end} along {@code axis}; a view where possible. */
    T slice(T x, int axis, long start, long end, long step);

    /**
     * The matrix product of {@code a} and {@code b}: {@code [m, k] x [k, n]}, or batched
     * {@code [b, m, k] x [b, k, n]}; an operand flagged as transposed holds its transpose
     * ({@code [k, m]}, {@code [n, k]}). Types are promoted as in {@link #stack}; two boolean
     * operands give a boolean result (or of ands), as numpy's einsum does.
     */
    T matmul(T a, T b, boolean transposeA, boolean transposeB);

    /** The values on the heap, in C order: pulled from a device or evaluated from a graph if needed. */
    HostArray toHost(T x);

    /**
     * A new tensor holding {@code values} — a {@code double[]}, {@code float[]}, {@code long[]},
     * {@code int[]} or {@code boolean[]} of the shape's size, in C order — in the matching type.
     * Backends that cannot create free-standing tensors (a graph variable needs its graph) keep
     * the default, which refuses.
     */
    default T fromArray(Object values, long[] shape) {
        throw new EinopsException("The " + name() + " backend cannot create tensors from Java arrays");
    }

    /**
     * Bytes of one element of {@code x}, for the size checks made before a plan runs; 0 (the
     * default) for a backend that takes no memory when a call is made (a graph that runs later),
     * whose calls are then not checked.
     */
    default long elementBytes(T x) {
        return 0;
    }

    /**
     * {@code configured}, narrowed to what this backend's allocator can give one tensor where that
     * is less: results over it are refused before any memory is taken. The default keeps it.
     */
    default TensorSizeLimit sizeLimit(TensorSizeLimit configured) {
        return configured;
    }

    /**
     * Whether every step of a plan costs this backend a pass over the data, even a reshape or a
     * permutation (a graph whose ops each write a new output): the engine then picks, of the plans
     * it can make, the one with the fewest steps. The default, false, is for backends whose
     * reshapes and permutations are views, where merging axes that travel together makes the
     * copies and reductions faster at the price of a reshape.
     */
    default boolean everyStepCopies() {
        return false;
    }

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
