package dev.einops.internal.parse;

import dev.einops.types.EinopsException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference's {@code parse_shape} on a plain shape: names the axes of a shape with a
 * space-separated list of names, {@code _} to skip an axis, numbers and {@code 1}/{@code ()} to
 * check one, and at most one {@code ...} for any number of skipped axes.
 *
 * <pre>{@code
 * ParseShape.apply("batch _ h w", new long[] {2, 3, 5, 7});   // {batch=2, h=5, w=7}
 * ParseShape.apply("... a", new long[] {10, 20});            // {a=20}
 * }</pre>
 */
public final class ParseShape {
    private ParseShape() {
    }

    /**
     * Binds names to the lengths of {@code shape}, in pattern order.
     *
     * @throws EinopsException when the pattern is invalid, composes axes, or does not fit the shape
     */
    public static Map<String, Long> apply(String pattern, long[] shape) {
        return bind(pattern, shape, false);
    }

    /**
     * {@link #apply} on a shape whose lengths may be unknown ({@code -1}, as analysis sees a column):
     * an unknown length binds its name to {@code -1} and checks nothing.
     */
    static Map<String, Long> bind(String pattern, long[] shape, boolean allowUnknown) {
        if (pattern == null) {
            throw new EinopsException("Pattern is null");
        }
        ParsedExpression expression = ExpressionParser.parse(pattern, 0, ParseOptions.PARSE_SHAPE);
        String where = ": " + pattern + " " + Arrays.toString(shape);
        for (AxisGroup group : expression.composition()) {
            if (group.axes().size() > 1) {
                throw new EinopsException("Can't parse shape with composite axes" + where);
            }
            if (group.parenthesized() && !group.axes().isEmpty()) {
                throw new EinopsException("Can't parse shape with parentheses around an axis" + where);
            }
        }
        int groups = expression.composition().size();
        if (expression.hasEllipsis() ? shape.length < groups - 1 : shape.length != groups) {
            throw new EinopsException("Can't parse shape with different number of dimensions" + where);
        }
        Map<String, Long> result = new LinkedHashMap<>();
        int axis = 0;
        for (AxisGroup group : expression.composition()) {
            if (group.isEllipsis()) {
                axis += shape.length - (groups - 1);
                continue;
            }
            long length = shape[axis];
            if (allowUnknown && length < 0 && !(group.axes().size() == 1
                    && group.axes().get(0) instanceof NamedAxis)) {
                axis++;
                continue;
            }
            if (group.axes().isEmpty()) {
                if (length != 1) {
                    throw new EinopsException("Length of unit axis " + axis + " is " + length + ", not 1" + where);
                }
            } else if (group.axes().get(0) instanceof AnonymousAxis anonymous) {
                if (anonymous.length() != length) {
                    throw new EinopsException("Length of anonymous axis " + anonymous + " does not match input axis "
                            + axis + " of length " + length + where);
                }
            } else {
                String name = ((NamedAxis) group.axes().get(0)).name();
                if (!name.equals("_")) {
                    result.put(name, length);
                }
            }
            axis++;
        }
        return Collections.unmodifiableMap(result);
    }
}
