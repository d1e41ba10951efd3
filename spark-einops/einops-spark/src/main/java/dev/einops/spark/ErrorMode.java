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
        ErrorMode mode = parse(name);
        if (mode == null) {
            throw new EinopsException(EinopsConf.MODE + "=" + name + " is not accepted: the setting takes FAILFAST or "
                    + "PERMISSIVE (default FAILFAST)");
        }
        return mode;
    }

    /** The mode named {@code name}, in any case, or null. */
    static ErrorMode parse(String name) {
        for (ErrorMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return mode;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }
}
