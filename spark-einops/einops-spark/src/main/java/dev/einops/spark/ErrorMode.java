package dev.einops.spark;

import dev.einops.types.EinopsException;
import java.util.Locale;

/**
 * What a query does with a row whose tensor is malformed (ragged nesting, data that does not fit its
 * shape, a length the pattern cannot split): {@code spark.einops.mode}.
 *
 * <pre>{@code
 * spark.conf().set("spark.einops.mode", "PERMISSIVE");   // malformed rows give null and are counted
 * }</pre>
 */
public enum ErrorMode {
    /** Fail the query with the pattern, the row's shape and the reason (the default). */
    FAILFAST,
    /** Give null for the row, count it in the step's "malformed rows" metric, and go on. */
    PERMISSIVE;

    /**
     * The mode named {@code name}, in any case.
     *
     * @throws EinopsException for any other name
     */
    public static ErrorMode of(String name) {
        for (ErrorMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return mode;
            }
        }
        throw new EinopsException("spark.einops.mode must be FAILFAST or PERMISSIVE, not '" + name + "'");
    }

    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }
}
