package dev.einops.internal.parse;

/**
 * One elementary axis written in a pattern: a name ({@code h}), a number ({@code 2} in
 * {@code (h 2)}), or the ellipsis {@code ...} standing for any number of axes.
 *
 * <pre>{@code
 * ParsedExpression e = ExpressionParser.parse("b (h 2) ...", 0, ParseOptions.DEFAULT);
 * e.composition().get(1).axes();   // [h, 2]: NamedAxis[name=h], AnonymousAxis[length=2, position=5]
 * }</pre>
 */
public sealed interface Axis permits NamedAxis, AnonymousAxis, EllipsisAxis {
}
