package dev.einops.spark.transform;

import dev.einops.internal.parse.AxisGroup;
import dev.einops.internal.parse.NamedAxis;
import dev.einops.internal.parse.ParsedExpression;
import dev.einops.internal.parse.Pattern;
import dev.einops.types.EinopsException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A DataFrame verb's pattern, whose first input axis is the row axis: which {@link RowAxisKind} it
 * is, and the pattern of one row's tensor that remains when the row axis is taken away.
 *
 * <pre>{@code
 * BatchPattern p = BatchPattern.parse("b c (h 2) (w 2) -> b c h w");
 * p.rowAxis();      // b
 * p.kind();         // PER_ROW
 * p.rowPattern();   // c (h 2) (w 2) -> c h w
 * }</pre>
 *
 * @param text    the pattern as written
 * @param parsed  the parsed pattern
 * @param rowAxis the name of the row axis
 * @param kind    where the row axis goes
 */
public record BatchPattern(String text, Pattern parsed, String rowAxis, RowAxisKind kind) {
    /** The rule a verb's pattern follows, for messages. */
    public static final String RULE = "a DataFrame verb's pattern starts with the row axis, which stands for the "
            + "DataFrame's rows (b c h w -> b h w c); a column function's pattern describes one row's tensor, "
            + "without it (c h w -> h w c)";

    private static final java.util.Map<RowAxisKind, String> KIND_TEXT = java.util.Map.of(
            RowAxisKind.EXPLODE, "turns each row into several rows (the row axis leads an output composition)",
            RowAxisKind.AGGREGATE, "reduces across rows (the row axis is not on the output)",
            RowAxisKind.STACK, "stacks rows into one tensor (the row axis moves on the output)",
            RowAxisKind.PER_ROW, "maps each row to one row");

    /**
     * Parses a verb's pattern and finds its row axis.
     *
     * @throws EinopsException if the pattern is invalid or does not start with a plain named axis
     */
    public static BatchPattern parse(String text) {
        Pattern parsed = Pattern.parse(text);
        List<AxisGroup> left = parsed.left().composition();
        if (left.isEmpty() || left.get(0).parenthesized() || left.get(0).axes().size() != 1
                || !(left.get(0).axes().get(0) instanceof NamedAxis row)) {
            throw new EinopsException("the pattern must start with a named row axis: " + RULE);
        }
        return new BatchPattern(text, parsed, row.name(), kindOf(row, parsed.right()));
    }

    private static RowAxisKind kindOf(NamedAxis row, ParsedExpression right) {
        List<AxisGroup> groups = right.composition();
        for (int i = 0; i < groups.size(); i++) {
            List<?> axes = groups.get(i).axes();
            int at = axes.indexOf(row);
            if (at < 0) {
                continue;
            }
            if (i == 0 && at == 0) {
                return axes.size() == 1 && !groups.get(0).parenthesized() ? RowAxisKind.PER_ROW : RowAxisKind.EXPLODE;
            }
            return RowAxisKind.STACK;
        }
        return RowAxisKind.AGGREGATE;
    }

    /**
     * The pattern of one row's tensor: both sides without the row axis. Only a {@link RowAxisKind#PER_ROW}
     * pattern has one.
     */
    public String rowPattern() {
        if (kind != RowAxisKind.PER_ROW) {
            throw notPerRow(rowAxis, kind);
        }
        return withoutFirst(parsed.left()) + " -> " + withoutFirst(parsed.right());
    }

    /** The error for a per-row step whose pattern, of {@code kind}, moves the row axis {@code rowAxis}. */
    static EinopsException notPerRow(String rowAxis, RowAxisKind kind) {
        String start = "the row axis " + rowAxis + " must stay first and alone on the output for a per-row step, but "
                + "this pattern " + describeKind(kind);
        if (kind == RowAxisKind.STACK) {
            return new EinopsException(start + ", which needs the order of the rows: name an order column "
                    + "(rearrange(df, column, pattern, orderBy)); " + RULE);
        }
        return new EinopsException(start + "; " + RULE);
    }

    /** What a pattern of {@code kind} does, for messages: {@code maps each row to one row}. */
    static String describeKind(RowAxisKind kind) {
        return KIND_TEXT.get(kind);
    }

    private static String withoutFirst(ParsedExpression side) {
        return side.composition().stream().skip(1).map(AxisGroup::toString).collect(Collectors.joining(" "));
    }
}
