package dev.einops.internal.parse;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One side of a pattern, parsed: the axes of the tensor it describes, in order.
 *
 * <pre>{@code
 * ParsedExpression e = ExpressionParser.parse("b (h 2) ...", 0, ParseOptions.DEFAULT);
 * e.composition();                // [b, (h 2), ...]
 * e.hasEllipsis();                // true
 * e.hasNonUnitAnonymousAxes();    // true: the 2
 * }</pre>
 *
 * @param text                    the side exactly as written
 * @param composition             one group per tensor axis ({@code ...} is one group here)
 * @param hasEllipsis             whether {@code ...} occurs
 * @param ellipsisParenthesized   whether that {@code ...} is inside parentheses
 * @param identifiers             every distinct axis mentioned, in order of first mention
 *                                (the ellipsis included when present)
 * @param hasNonUnitAnonymousAxes whether a number other than 1 is used as an axis
 */
public record ParsedExpression(String text, List<AxisGroup> composition, boolean hasEllipsis,
                               boolean ellipsisParenthesized, Set<Axis> identifiers,
                               boolean hasNonUnitAnonymousAxes) implements Serializable {
    public ParsedExpression {
        composition = List.copyOf(composition);
        identifiers = Collections.unmodifiableSet(new LinkedHashSet<>(identifiers));
    }

    /** Whether {@code axis} is mentioned on this side. */
    public boolean mentions(Axis axis) {
        return identifiers.contains(axis);
    }
}
