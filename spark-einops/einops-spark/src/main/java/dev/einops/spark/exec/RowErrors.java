package dev.einops.spark.exec;

import dev.einops.spark.ErrorMode;
import dev.einops.spark.tensor.MalformedTensorException;
import dev.einops.spark.transform.BatchTransform;
import dev.einops.types.EinopsException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.util.LongAccumulator;

/**
 * The one way errors about a column's rows are worded, {@link #error}: the reason, the column by its
 * name ({@code (column weights)}), then the call's context (the operation, the pattern, its axis
 * lengths and, when known, the row's shape). An instance is how an accumulator reports what goes
 * wrong with the rows it gathers: a malformed row fails the query in FAILFAST mode and, in
 * PERMISSIVE mode, is left out and counted. Immutable and serializable, like the accumulators'
 * configuration.
 *
 * <pre>{@code
 * RowErrors.error("ragged nesting", "weights", "rearrange", "c h w -> h w c", new long[] {3, 2}, Map.of())
 *         .getMessage();   // ragged nesting (column weights) ... rearrange ... c h w -> h w c ... [3, 2]
 * }</pre>
 */
public final class RowErrors implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BatchTransform transform;
    private final String column;
    private final ErrorMode mode;
    private final LongAccumulator malformed;

    /**
     * @param malformed where PERMISSIVE mode counts the rows it leaves out (a Spark accumulator), or null
     */
    RowErrors(BatchTransform transform, String column, ErrorMode mode, LongAccumulator malformed) {
        this.transform = transform;
        this.column = column;
        this.mode = mode;
        this.malformed = malformed;
    }

    /**
     * The error for {@code reason} about a row of {@code column}, with the call's context.
     *
     * @param shape the row's shape, or null when unknown
     */
    public static EinopsException error(String reason, String column, String operation, String pattern, long[] shape,
                                        Map<String, ? extends Number> axesLengths) {
        return error(reason, column, operation, pattern, shape == null ? null : Arrays.toString(shape), axesLengths);
    }

    /** {@link #error(String, String, String, String, long[], Map)} with the input shape as text. */
    public static EinopsException error(String reason, String column, String operation, String pattern,
                                        String inputShape, Map<String, ? extends Number> axesLengths) {
        return new EinopsException(reason + " (column " + column + ")").withContext(operation, pattern, inputShape,
                axesLengths);
    }

    /** {@code e}, which has no column yet, with {@code column} and its own context. */
    public static EinopsException inColumn(EinopsException e, String column) {
        return new EinopsException(e.reason() + " (column " + column + ")", e).withContext(e.operation(), e.pattern(),
                e.inputShape(), e.axesLengths());
    }

    /** The error for {@code reason}, with the column and the call's context; {@code shape} may be null. */
    EinopsException failure(String reason, long[] shape) {
        return error(reason, column, transform.label(), transform.pattern(), shape, transform.axesLengths());
    }

    /**
     * Deals with a malformed row: counts it in PERMISSIVE mode.
     *
     * @throws EinopsException in FAILFAST mode
     */
    void malformed(MalformedTensorException e) {
        EinopsException error = failure(e.getMessage(), e.shape());
        if (mode == ErrorMode.FAILFAST) {
            throw error;
        }
        if (malformed != null) {
            malformed.add(1);
        }
    }
}
