package dev.einops.spark.transform;

import dev.einops.internal.parse.AxisGroup;
import dev.einops.internal.parse.ExpressionParser;
import dev.einops.internal.parse.NamedAxis;
import dev.einops.internal.parse.ParseOptions;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The check of a pattern against the axes' names a column records ({@code dim_names}): einops reads
 * axes by position, so a pattern whose input side names exactly the column's axes in another order
 * ({@code h w c -> ...} on a column stored as {@code c h w}) would silently scramble the data. A
 * pattern that names other axes, composes or skips them is not checked.
 *
 * <pre>{@code
 * NamedAxes.inputAxes("h w c -> c h w");     // [h, w, c]
 * NamedAxes.inputAxes("(h w) c -> c h w");   // []: composed, not checked
 * // check(a column named c h w, [h, w, c], ...) throws: ... reads the axes as h w c but column image
 * // stores them as c h w ...
 * }</pre>
 */
public final class NamedAxes {
    private NamedAxes() {
    }

    /**
     * The axes' names of a pattern's input side (the text before {@code ->}, or all of it) when each
     * is one named axis; otherwise an empty list.
     */
    public static List<String> inputAxes(String pattern) {
        int arrow = pattern.indexOf("->");
        String side = arrow < 0 ? pattern : pattern.substring(0, arrow);
        try {
            List<String> names = new ArrayList<>();
            for (AxisGroup group : ExpressionParser.parse(side, 0, ParseOptions.PARSE_SHAPE).composition()) {
                if (group.parenthesized() || group.axes().size() != 1
                        || !(group.axes().get(0) instanceof NamedAxis named) || named.name().equals("_")) {
                    return List.of();
                }
                names.add(named.name());
            }
            return List.copyOf(names);
        } catch (EinopsException e) {
            return List.of();
        }
    }

    /**
     * Fails if {@code axes} (a pattern's input side, one row's tensor) are the column's named axes
     * in another order.
     *
     * @throws EinopsException naming both orders
     */
    public static void check(TensorColumnType column, List<String> axes, String pattern, String columnName) {
        List<String> stored = column.dimNames();
        if (stored.isEmpty() || axes.isEmpty() || stored.equals(axes) || stored.size() != axes.size()
                || !new HashSet<>(stored).equals(new HashSet<>(axes))) {
            return;
        }
        throw new EinopsException("the pattern " + pattern + " reads the axes as " + String.join(" ", axes)
                + " but column " + columnName + " stores them as " + String.join(" ", stored)
                + " (its dim_names): einops reads axes by position, so this would scramble the data. Write the input"
                + " side as " + String.join(" ", stored) + " (for example " + String.join(" ", stored) + " -> "
                + String.join(" ", axes) + " to reorder them), or set spark.einops.dimNames.check=false");
    }
}
