package dev.einops.internal.parse;

/**
 * What a side of a pattern may contain beyond the common rules.
 *
 * <pre>{@code
 * ExpressionParser.parse("_ h w", 0, ParseOptions.PARSE_SHAPE);   // '_' skips an axis
 * }</pre>
 *
 * @param allowUnderscore  whether {@code _} alone is an axis name (parse_shape, einsum)
 * @param allowDuplicates  whether a name may repeat (einsum operands: traces and diagonals)
 */
public record ParseOptions(boolean allowUnderscore, boolean allowDuplicates) {
    /** rearrange, reduce, repeat. */
    public static final ParseOptions DEFAULT = new ParseOptions(false, false);
    /** parse_shape, and the output of einsum. */
    public static final ParseOptions PARSE_SHAPE = new ParseOptions(true, false);
    /** einsum operands. */
    public static final ParseOptions EINSUM_OPERAND = new ParseOptions(true, true);
}
