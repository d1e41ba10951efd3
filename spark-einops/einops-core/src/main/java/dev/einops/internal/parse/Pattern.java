package dev.einops.internal.parse;

import dev.einops.types.EinopsException;
import java.io.Serializable;

/**
 * A parsed {@code left -> right} pattern of rearrange, reduce or repeat.
 *
 * <pre>{@code
 * Pattern p = Pattern.parse("b c (h 2) (w 2) -> b c h w");
 * p.left().composition().size();    // 4
 * p.right().identifiers();          // [b, c, h, w]
 * }</pre>
 *
 * @param text  the pattern exactly as given
 * @param left  the input side
 * @param right the output side
 */
public record Pattern(String text, ParsedExpression left, ParsedExpression right) implements Serializable {
    private static final String ARROW = "->";

    /**
     * Parses a pattern with exactly one {@code ->}.
     *
     * @throws EinopsException if there is no arrow, more than one, or a side is invalid
     */
    public static Pattern parse(String text) {
        if (text == null) {
            throw new EinopsException("Pattern is null");
        }
        int arrow = text.indexOf(ARROW);
        if (arrow < 0) {
            throw new EinopsException("Pattern must contain '->' between the input and the output side");
        }
        if (text.indexOf(ARROW, arrow + ARROW.length()) >= 0) {
            throw new EinopsException("Pattern must contain exactly one '->'");
        }
        int rightStart = arrow + ARROW.length();
        return new Pattern(text,
                ExpressionParser.parse(text.substring(0, arrow), 0, ParseOptions.DEFAULT),
                ExpressionParser.parse(text.substring(rightStart), rightStart, ParseOptions.DEFAULT));
    }
}
