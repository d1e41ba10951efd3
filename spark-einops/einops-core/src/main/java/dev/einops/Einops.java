package dev.einops;

import dev.einops.internal.parse.CheckShape;
import dev.einops.internal.parse.ParseShape;
import dev.einops.internal.recipe.Operation;
import dev.einops.spi.Backends;
import dev.einops.types.EinopsException;
import dev.einops.types.Reducer;
import dev.einops.types.Reduction;
import java.util.List;
import java.util.Map;

/**
 * einops for the JVM: readable, checked tensor reshaping on any tensor type with a backend
 * (ND4J {@code INDArray} with {@code einops-nd4j} on the class path).
 *
 * <pre>{@code
 * INDArray x = Nd4j.rand(DataType.FLOAT, 10, 32, 100, 200);               // b c h w
 * Einops.rearrange(x, "b c h w -> b h w c");                             // [10, 100, 200, 32], a view
 * Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2));
 *                                                                        // [10, 128, 50, 100]
 * Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max");                 // 2x2 max-pooling
 * Einops.repeat(x, "b c h w -> b c (h 2) (w 2)");                        // [10, 32, 200, 400]
 * Einops.parseShape(x, "b c _ _");                                       // {b=10, c=32}
 * }</pre>
 *
 * <p>Patterns follow the reference Python einops exactly: named axes, parenthesised compositions,
 * {@code ...}, {@code ()} and {@code 1} for unit axes, numbers inside compositions. Every rejected
 * call throws {@link EinopsException} naming the operation, the pattern, the input shape, the axis
 * lengths and the reason. Patterns are parsed and compiled once per input shape and cached, so a
 * repeated call costs a hash lookup plus the tensor library's own work.
 *
 * <p>Results follow numpy-backed einops: a pure permutation, or a split or merge of axes that the
 * memory layout allows, returns a view of the input; anything else returns a new tensor, and every
 * intermediate the engine allocates on the way is released at once. A list of tensors (all of one
 * shape) is stacked along a new first axis first.
 */
public final class Einops {
    private Einops() {
    }

    /** Reorders, splits, merges, adds and removes unit axes: {@code "b c h w -> b (h w) c"}. */
    public static <T> T rearrange(T tensor, String pattern) {
        return rearrange(tensor, pattern, Map.of());
    }

    /** {@link #rearrange(Object, String)} with the lengths of axes the input alone cannot tell. */
    public static <T> T rearrange(T tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        return Transforms.apply(Transforms.Call.of(Operation.REARRANGE, pattern, axesLengths), tensor);
    }

    /** Stacks the tensors along a new first axis, then rearranges: {@code "b h w c -> h (b w) c"}. */
    public static <T> T rearrange(List<T> tensors, String pattern) {
        return rearrange(tensors, pattern, Map.of());
    }

    /** {@link #rearrange(List, String)} with axis lengths. */
    public static <T> T rearrange(List<T> tensors, String pattern, Map<String, ? extends Number> axesLengths) {
        return Transforms.applyToList(Transforms.Call.of(Operation.REARRANGE, pattern, axesLengths), tensors);
    }

    /**
     * Rearranges and reduces the axes missing on the right with {@code reduction}, one of
     * {@code min max sum mean prod any all}: {@code reduce(x, "b c (h 2) (w 2) -> b c h w", "max")}.
     */
    public static <T> T reduce(T tensor, String pattern, String reduction) {
        return reduce(tensor, pattern, reduction, Map.of());
    }

    /** {@link #reduce(Object, String, String)} with axis lengths. */
    public static <T> T reduce(T tensor, String pattern, String reduction, Map<String, ? extends Number> axesLengths) {
        return Transforms.apply(Transforms.Call.reduce(reduction, pattern, axesLengths), tensor);
    }

    /** Stacks the tensors along a new first axis, then reduces. */
    public static <T> T reduce(List<T> tensors, String pattern, String reduction) {
        return reduce(tensors, pattern, reduction, Map.of());
    }

    /** {@link #reduce(List, String, String)} with axis lengths. */
    public static <T> T reduce(List<T> tensors, String pattern, String reduction,
                               Map<String, ? extends Number> axesLengths) {
        return Transforms.applyToList(Transforms.Call.reduce(reduction, pattern, axesLengths), tensors);
    }

    /** {@link #reduce(Object, String, String)} with a {@link Reduction} constant. */
    public static <T> T reduce(T tensor, String pattern, Reduction reduction) {
        return reduce(tensor, pattern, reduction.label(), Map.of());
    }

    /** {@link #reduce(Object, String, String, Map)} with a {@link Reduction} constant. */
    public static <T> T reduce(T tensor, String pattern, Reduction reduction,
                               Map<String, ? extends Number> axesLengths) {
        return reduce(tensor, pattern, reduction.label(), axesLengths);
    }

    /** {@link #reduce(List, String, String)} with a {@link Reduction} constant. */
    public static <T> T reduce(List<T> tensors, String pattern, Reduction reduction) {
        return reduce(tensors, pattern, reduction.label(), Map.of());
    }

    /** {@link #reduce(List, String, String, Map)} with a {@link Reduction} constant. */
    public static <T> T reduce(List<T> tensors, String pattern, Reduction reduction,
                               Map<String, ? extends Number> axesLengths) {
        return reduce(tensors, pattern, reduction.label(), axesLengths);
    }

    /** Reduces with a custom {@link Reducer}, called once with all axes to reduce. */
    public static <T> T reduce(T tensor, String pattern, Reducer<T> reducer) {
        return reduce(tensor, pattern, reducer, Map.of());
    }

    /** {@link #reduce(Object, String, Reducer)} with axis lengths. */
    public static <T> T reduce(T tensor, String pattern, Reducer<T> reducer,
                               Map<String, ? extends Number> axesLengths) {
        return Transforms.apply(Transforms.Call.reduce(reducer, pattern, axesLengths), tensor);
    }

    /** Stacks the tensors along a new first axis, then reduces with a custom {@link Reducer}. */
    public static <T> T reduce(List<T> tensors, String pattern, Reducer<T> reducer) {
        return reduce(tensors, pattern, reducer, Map.of());
    }

    /** {@link #reduce(List, String, Reducer)} with axis lengths. */
    public static <T> T reduce(List<T> tensors, String pattern, Reducer<T> reducer,
                               Map<String, ? extends Number> axesLengths) {
        return Transforms.applyToList(Transforms.Call.reduce(reducer, pattern, axesLengths), tensors);
    }

    /**
     * Rearranges and repeats along axes only the right side has; their lengths are numbers in the
     * pattern or axis lengths: {@code repeat(x, "h w -> h w c", Map.of("c", 3))}. Always a copy.
     */
    public static <T> T repeat(T tensor, String pattern) {
        return repeat(tensor, pattern, Map.of());
    }

    /** {@link #repeat(Object, String)} with axis lengths. */
    public static <T> T repeat(T tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        return Transforms.apply(Transforms.Call.of(Operation.REPEAT, pattern, axesLengths), tensor);
    }

    /** Stacks the tensors along a new first axis, then repeats. */
    public static <T> T repeat(List<T> tensors, String pattern) {
        return repeat(tensors, pattern, Map.of());
    }

    /** {@link #repeat(List, String)} with axis lengths. */
    public static <T> T repeat(List<T> tensors, String pattern, Map<String, ? extends Number> axesLengths) {
        return Transforms.applyToList(Transforms.Call.of(Operation.REPEAT, pattern, axesLengths), tensors);
    }

    /**
     * Names the axes of a tensor's shape: {@code parseShape(x, "batch _ h w")} gives
     * {@code {batch=10, h=100, w=200}} in pattern order. {@code _} skips an axis, {@code ...}
     * any number of axes; numbers and {@code 1} check a length.
     */
    public static Map<String, Long> parseShape(Object tensor, String pattern) {
        long[] shape = null;
        try {
            shape = Backends.forTensor(tensor).shape(tensor);
            return ParseShape.apply(pattern, shape);
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, "parse_shape", pattern,
                    shape == null ? null : java.util.Arrays.toString(shape), Map.of());
        }
    }

    /**
     * Asserts a tensor's shape and returns the tensor: each axis of {@code pattern} (a
     * {@code parseShape} pattern) must have the length {@code axesLengths} gives it.
     *
     * <pre>{@code
     * INDArray x = Nd4j.zeros(8, 3, 32, 32);
     * Einops.checkShape(x, "b c h w", Map.of("c", 3));   // x itself; with c = 4: EinopsException, Shape mismatch, 3 != 4
     * }</pre>
     */
    public static <T> T checkShape(T tensor, String pattern, Map<String, ? extends Number> axesLengths) {
        long[] shape = null;
        try {
            shape = Backends.forTensor(tensor).shape(tensor);
            CheckShape.apply(pattern, shape, axesLengths);
            return tensor;
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, "check_shape", pattern,
                    shape == null ? null : java.util.Arrays.toString(shape), axesLengths);
        }
    }

    /**
     * Einstein summation with einops' readable syntax: multi-letter axis names separated by spaces,
     * operands by commas. Axes missing on the right are summed; an axis repeated within one operand
     * takes the diagonal; {@code ...} stands for the same axes everywhere and broadcasts.
     *
     * <pre>{@code
     * Einops.einsum("b i d, b j d -> b i j", q, k);    // attention scores
     * Einops.einsum("i j, j k -> i k", a, b);          // a matrix product, through the backend's BLAS
     * Einops.einsum("i i ->", m);                       // the trace
     * }</pre>
     *
     * <p>Every contraction is a (batched) matrix product; with three or more operands the pairwise
     * order is chosen greedily by cost: the pair whose product touches the fewest elements first.
     */
    @SafeVarargs
    public static <T> T einsum(String pattern, T... tensors) {
        return einsum(pattern, tensors == null ? null : java.util.Arrays.asList(tensors));
    }

    /** {@link #einsum(String, Object[])} with the operands in a list. */
    public static <T> T einsum(String pattern, List<T> tensors) {
        return ListCalls.einsum(pattern, tensors);
    }

    /**
     * Packs tensors that agree on the named axes into one: {@code *} stands for the axes in
     * between, which are flattened and concatenated. The packed shapes let {@link #unpack} undo it.
     *
     * <pre>{@code
     * // image [h, w, 3], mask [h, w]: the mask has no axis for *, so it contributes one channel
     * Packed<INDArray> p = Einops.pack(List.of(image, mask), "h w *");   // tensor [h, w, 4]
     * }</pre>
     */
    public static <T> Packed<T> pack(List<T> tensors, String pattern) {
        return ListCalls.pack(tensors, pattern);
    }

    /**
     * Splits a packed tensor along its {@code *} axis into tensors of the given packed shapes; one
     * shape may contain one {@code -1} to infer. The results are views where the backend can give
     * them.
     *
     * <pre>{@code
     * List<INDArray> parts = Einops.unpack(packed, List.of(new long[] {3}, new long[0]), "h w *");
     * }</pre>
     */
    public static <T> List<T> unpack(T tensor, List<long[]> packedShapes, String pattern) {
        return ListCalls.unpack(tensor, packedShapes, pattern);
    }
}
