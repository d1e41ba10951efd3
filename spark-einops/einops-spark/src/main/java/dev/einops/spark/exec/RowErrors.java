package dev.einops.spark.exec;

import dev.einops.spark.ErrorMode;
import dev.einops.spark.tensor.MalformedTensorException;
import dev.einops.spark.transform.BatchTransform;
import dev.einops.types.EinopsException;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.util.LongAccumulator;

/**
 * How an accumulator reports what goes wrong with the rows it gathers: every error names the column
 * and carries the call's context (the operation, the pattern, its axis lengths and, when known, the
 * row's shape); a malformed row fails the query in FAILFAST mode and, in PERMISSIVE mode, is left
 * out and counted. Immutable and serializable, like the accumulators' configuration.
 */
final class RowErrors implements Serializable {
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

    /** The error for {@code reason}, with the column and the call's context; {@code shape} may be null. */
    EinopsException failure(String reason, long[] shape) {
        return new EinopsException(reason + " (column " + column + ")").withContext(transform.label(),
                transform.pattern(), shape == null ? null : Arrays.toString(shape), transform.axesLengths());
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
