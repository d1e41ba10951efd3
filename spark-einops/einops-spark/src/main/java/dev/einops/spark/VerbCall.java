package dev.einops.spark;

import dev.einops.types.EinopsException;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.transform.CompiledCall;
import java.util.Map;

/**
 * One call of a DataFrame verb as written: the operation, the pattern with the row axis first, the
 * reduction and the axis lengths, before {@link #compile()} parses it once.
 */
record VerbCall(Operation operation, String pattern, String reduction, Map<String, ? extends Number> axesLengths) {
    VerbCall {
        axesLengths = axesLengths == null ? Map.of() : axesLengths;
    }

    /**
     * The call parsed and checked once: its kind, per-row and block forms, lengths and reduction.
     *
     * @throws EinopsException with the call's context if the pattern, reduction or lengths are
     *                         invalid, or the pattern has no row axis
     */
    CompiledCall compile() {
        return CompiledCall.verb(operation, pattern, reduction, axesLengths);
    }
}
