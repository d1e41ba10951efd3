package dev.einops.spark;

import dev.einops.types.EinopsException;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.transform.BatchPattern;
import dev.einops.spark.transform.RowAxisKind;
import java.util.Map;

/**
 * One call of a DataFrame verb: the operation, the pattern with the row axis first, the reduction
 * and the axis lengths, before the pattern's kind decides how it runs.
 */
record VerbCall(Operation operation, String pattern, String reduction, Map<String, ? extends Number> axesLengths) {
    VerbCall {
        axesLengths = axesLengths == null ? Map.of() : axesLengths;
    }

    /** The operation as messages name it: {@code rearrange}, {@code max-reduction}. */
    String label() {
        return operation == Operation.REDUCE ? reduction + "-reduction" : operation.label();
    }

    /**
     * Where the pattern puts the row axis.
     *
     * @throws EinopsException with the call's context if the pattern is invalid or has no row axis
     */
    RowAxisKind kind() {
        try {
            return BatchPattern.parse(pattern).kind();
        } catch (EinopsException e) {
            throw e.withContext(label(), pattern, null, axesLengths);
        }
    }

    /** An error about this call, with its context. */
    EinopsException error(String reason) {
        return new EinopsException(reason).withContext(label(), pattern, null, axesLengths);
    }
}
