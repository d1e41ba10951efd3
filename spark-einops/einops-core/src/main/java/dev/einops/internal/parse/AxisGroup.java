package dev.einops.internal.parse;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One axis of a tensor as a pattern describes it: an elementary axis ({@code h}), a
 * parenthesised composition of elementary axes ({@code (h w)}, {@code ()}), a unit axis
 * ({@code 1}, which has no elementary axes), or the ellipsis ({@code ...}).
 *
 * <pre>{@code
 * AxisGroup g = ExpressionParser.parse("b (h w)", 0, ParseOptions.DEFAULT).composition().get(1);
 * g.parenthesized();   // true
 * g.toString();        // (h w)
 * }</pre>
 *
 * @param axes          the elementary axes, in order; empty for {@code ()} and {@code 1}
 * @param parenthesized whether the group was written in parentheses
 */
public record AxisGroup(List<Axis> axes, boolean parenthesized) implements Serializable {
    public AxisGroup {
        axes = List.copyOf(axes);
    }

    /** Whether this is a bare, top-level {@code ...}. */
    public boolean isEllipsis() {
        return !parenthesized && axes.size() == 1 && axes.get(0) == EllipsisAxis.INSTANCE;
    }

    @Override
    public String toString() {
        String inner = axes.stream().map(Axis::toString).collect(Collectors.joining(" "));
        if (parenthesized) {
            return "(" + inner + ")";
        }
        return axes.isEmpty() ? "1" : inner;
    }
}
