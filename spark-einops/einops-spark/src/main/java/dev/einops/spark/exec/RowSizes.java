package dev.einops.spark.exec;

import dev.einops.spark.tensor.UnsafeLayout;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.transform.BlockStep;
import dev.einops.spark.transform.TensorChain;
import dev.einops.types.EinopsException;
import dev.einops.types.TensorSizeLimit;
import java.util.Arrays;

/**
 * The sizes of one row's results through a chain, found from the steps' types when a block first
 * meets a row shape, before any memory is taken: a row whose result would exceed
 * {@code spark.einops.maxTensorBytes}, or the most bytes one Spark value holds, is refused with
 * its size and the limit; the others tell how many bytes a row adds to its block.
 *
 * <pre>{@code
 * TensorColumnType images = TensorColumnType.of(TensorEncoding.STRUCT, ElementType.FLOAT32, null);
 * TensorChain twice = TensorChain.of(images, List.of(RowTransform.of(Operation.REPEAT, "c h w -> c h w r", null,
 *         Map.of("r", 2), false)));
 * TensorSizeLimit limit = TensorSizeLimit.of(1L << 30, "spark.einops.maxTensorBytes");
 * RowSizes.largestResultBytes(twice, new long[] {3, 8, 8}, limit);   // 1536: the result's bytes
 * TensorChain often = TensorChain.of(images, List.of(RowTransform.of(Operation.REPEAT, "c h w -> c h w r", null,
 *         Map.of("r", 10_000_000), false)));
 * RowSizes.largestResultBytes(often, new long[] {3, 8, 8}, limit);   // TooLarge: one row's result [3, 8, 8, 10000000] ...
 * }</pre>
 */
public final class RowSizes {
    /** The most bytes of one Spark value: an array or a row is addressed with an int, rounded to words. */
    public static final long MAX_VALUE_BYTES = Integer.MAX_VALUE - 15;

    private RowSizes() {
    }

    /** A row whose result would exceed a limit: a malformed row, reported with the column by its caller. */
    public static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Bytes of the largest tensor a row of {@code shape} gets through {@code chain}'s steps, as
     * blocks count their inputs' bytes; 0 when a step cannot type such a row (the block run then
     * reports why).
     *
     * @throws TooLarge when a result would exceed {@code limit} or a Spark value's size
     */
    public static long largestResultBytes(TensorChain chain, long[] shape, TensorSizeLimit limit) {
        TensorColumnType[] types = new TensorColumnType[chain.steps().size()];
        try {
            TensorColumnType type = chain.inputType().with(chain.inputType().elementType(), shape);
            for (int i = 0; i < types.length; i++) {
                BlockStep step = chain.steps().get(i);
                type = step.outputType(type);
                types[i] = type;
            }
        } catch (EinopsException e) {
            return 0;
        }
        long largest = 0;
        for (int i = 0; i < types.length; i++) {
            largest = Math.max(largest, resultBytes(types[i], chain.explodes() && i == types.length - 1, limit));
        }
        return largest;
    }

    /**
     * At analysis: refuses {@code step} when its result type {@code result} has a known shape
     * whose tensor exceeds {@code limit} or a Spark value's size.
     *
     * @throws EinopsException naming the step's pattern, the input, the result's size and the limit
     */
    public static void checkResultType(BlockStep step, TensorColumnType input, TensorColumnType result,
                                       boolean explodes, TensorSizeLimit limit) {
        try {
            resultBytes(result, explodes, limit);
        } catch (TooLarge e) {
            throw new EinopsException(e.getMessage()).withContext(step.label(), step.pattern(), input.toString(),
                    step.axesLengths());
        }
    }

    /**
     * Bytes of a result of {@code type}'s tensor, as blocks count their inputs (0 when its shape is
     * not known); see {@link TooLarge}.
     */
    private static long resultBytes(TensorColumnType type, boolean exploded, TensorSizeLimit limit) {
        long[] result = type.shape();
        if (result == null || TensorSizeLimit.bytesOf(result, 1) < 0) {
            return 0;
        }
        try {
            limit.check(result, type.elementType().byteWidth(), "one row's result");
        } catch (EinopsException e) {
            throw new TooLarge(e.reason());
        }
        boolean split = exploded && result.length > 0;
        long[] valueShape = split ? Arrays.copyOfRange(result, 1, result.length) : result;
        long image = UnsafeLayout.of(type.encoding(), type.elementType(), valueShape).bytes();
        if (image > MAX_VALUE_BYTES) {
            throw new TooLarge("one row's result " + EinopsException.abbreviate(Arrays.toString(valueShape))
                    + " takes " + image + " bytes in the " + type.encoding().name().toLowerCase(java.util.Locale.ROOT)
                    + " encoding, more than the " + MAX_VALUE_BYTES + " bytes one Spark value can hold");
        }
        return TensorSizeLimit.bytesOf(result, type.elementType().byteWidth());
    }
}
