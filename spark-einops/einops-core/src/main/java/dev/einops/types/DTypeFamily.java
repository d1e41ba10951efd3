package dev.einops.types;

/**
 * The kind of element a tensor holds, as far as einops' rules care: the result type of a
 * reduction, and whether {@code mean} is allowed, depend only on the family.
 *
 * <pre>{@code
 * Reduction.SUM.resultFamily(DTypeFamily.BOOLEAN);   // INTEGER, as numpy's sum of booleans
 * }</pre>
 */
public enum DTypeFamily {
    /** Floating point of any width. */
    FLOATING,
    /** Signed or unsigned integers of any width. */
    INTEGER,
    /** Booleans. */
    BOOLEAN
}
