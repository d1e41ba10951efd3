package dev.einops.internal.parse;

import dev.einops.types.EinopsException;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pack / unpack pattern such as {@code "b * c"}: axis names separated by whitespace and exactly
 * one {@code *}, which stands for the axes that are packed into one.
 *
 * <pre>{@code
 * PackPattern p = PackPattern.parse("i j * k", "pack");
 * p.axesBefore();   // 2
 * p.axesAfter();    // 1
 * }</pre>
 *
 * @param text       the pattern as given
 * @param axesBefore how many named axes precede {@code *}
 * @param axesAfter  how many follow it
 */
public record PackPattern(String text, int axesBefore, int axesAfter) implements Serializable {

    /** The fewest axes a packed tensor may have: the named ones. */
    public int minRank() {
        return axesBefore + axesAfter;
    }

    /**
     * Parses a pack or unpack pattern.
     *
     * @param operation {@code "pack"} or {@code "unpack"}, for messages
     * @throws EinopsException for duplicate names, no {@code *}, or invalid names
     */
    public static PackPattern parse(String text, String operation) {
        if (text == null) {
            throw new EinopsException("Pattern is null");
        }
        String stripped = text.strip();
        List<String> axes = stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
        Set<String> distinct = new HashSet<>();
        String call = operation + "(..., \"" + text + "\")";
        for (String axis : axes) {
            if (!distinct.add(axis)) {
                throw new EinopsException("Axis name " + axis + " is repeated in " + call);
            }
        }
        if (!distinct.contains("*")) {
            throw new EinopsException("No *-axis in " + call);
        }
        for (String axis : axes) {
            if (!axis.equals("*") && !AxisNames.isValid(axis, false)) {
                throw new EinopsException("Invalid axis name " + axis + " in " + call);
            }
        }
        int before = axes.indexOf("*");
        return new PackPattern(text, before, axes.size() - before - 1);
    }
}
