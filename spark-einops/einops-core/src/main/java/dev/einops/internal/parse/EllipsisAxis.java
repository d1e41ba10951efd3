package dev.einops.internal.parse;

/**
 * The ellipsis {@code ...}: any number (zero or more) of axes, bound from the input's rank.
 *
 * <pre>{@code
 * ExpressionParser.parse("b ...", 0, ParseOptions.DEFAULT).hasEllipsis();   // true
 * }</pre>
 */
public enum EllipsisAxis implements Axis {
    INSTANCE;

    @Override
    public String toString() {
        return "...";
    }
}
