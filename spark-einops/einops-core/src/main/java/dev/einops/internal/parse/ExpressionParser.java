package dev.einops.internal.parse;

import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses one side of a pattern (or one einsum operand) into a {@link ParsedExpression}, with every
 * validation rule of the reference: dots only as one {@code ...}, one level of parentheses,
 * balanced parentheses, known characters, valid identifiers, no duplicates, no anonymous axis 0.
 * Axes are separated by spaces only; a tab or a comma is an unknown character.
 *
 * <pre>{@code
 * ExpressionParser.parse("b (h h1) ...", 0, ParseOptions.DEFAULT).composition();   // [b, (h h1), ...]
 * ExpressionParser.parse("a ((b c))", 0, ParseOptions.DEFAULT);   // EinopsException: brackets inside brackets
 * }</pre>
 */
public final class ExpressionParser {
    /** What {@code ...} is replaced with while scanning, so that it reads as one identifier character. */
    private static final char ELLIPSIS_MARK = '\u2026';
    private static final String ELLIPSIS = String.valueOf(ELLIPSIS_MARK);

    private final String text;
    private final int offset;
    private final ParseOptions options;
    private final List<AxisGroup> composition = new ArrayList<>();
    private final Set<Axis> identifiers = new LinkedHashSet<>();
    private List<Axis> bracketGroup;
    private boolean hasEllipsis;
    private boolean ellipsisParenthesized;
    private boolean hasNonUnitAnonymousAxes;

    private ExpressionParser(String text, int offset, ParseOptions options) {
        this.text = text;
        this.offset = offset;
        this.options = options;
    }

    /**
     * Parses {@code expression}, one side of a pattern.
     *
     * @param offset where the side starts in the whole pattern; it makes the positions of
     *               anonymous axes unique across both sides
     * @throws EinopsException with the reason the expression is invalid
     */
    public static ParsedExpression parse(String expression, int offset, ParseOptions options) {
        return new ExpressionParser(expression, offset, options).run();
    }

    private ParsedExpression run() {
        String scanned = replaceEllipsis(text);
        StringBuilder current = null;
        int tokenStart = 0;
        for (int i = 0; i < scanned.length(); ) {
            int cp = scanned.codePointAt(i);
            if (cp == '(' || cp == ')' || cp == ' ') {
                if (current != null) {
                    addAxis(current.toString(), tokenStart);
                    current = null;
                }
                if (cp == '(') {
                    if (bracketGroup != null) {
                        throw new EinopsException("Axis composition is one-level (brackets inside brackets not allowed)");
                    }
                    bracketGroup = new ArrayList<>();
                } else if (cp == ')') {
                    if (bracketGroup == null) {
                        throw new EinopsException("Brackets are not balanced");
                    }
                    composition.add(new AxisGroup(bracketGroup, true));
                    bracketGroup = null;
                }
            } else if (AxisNames.isAlphanumeric(cp) || cp == '_' || cp == ELLIPSIS_MARK) {
                if (current == null) {
                    current = new StringBuilder();
                    tokenStart = i;
                }
                current.appendCodePoint(cp);
            } else {
                throw new EinopsException("Unknown character '" + describe(cp) + "'");
            }
            i += Character.charCount(cp);
        }
        if (bracketGroup != null) {
            throw new EinopsException("Imbalanced parentheses in expression: \"" + text + "\"");
        }
        if (current != null) {
            addAxis(current.toString(), tokenStart);
        }
        return new ParsedExpression(text, composition, hasEllipsis, ellipsisParenthesized, identifiers,
                hasNonUnitAnonymousAxes);
    }

    private String replaceEllipsis(String expression) {
        if (expression.indexOf(ELLIPSIS_MARK) >= 0) {
            throw new EinopsException("Unknown character '" + ELLIPSIS + "' (write an ellipsis as three dots)");
        }
        if (expression.indexOf('.') < 0) {
            return expression;
        }
        if (!expression.contains("...")) {
            throw new EinopsException("Expression may contain dots only inside ellipsis (...)");
        }
        if (count(expression, "...") != 1 || count(expression, ".") != 3) {
            throw new EinopsException("Expression may contain dots only inside ellipsis (...); only one ellipsis for tensor");
        }
        hasEllipsis = true;
        return expression.replace("...", ELLIPSIS);
    }

    private void addAxis(String token, int tokenStart) {
        if (token.equals(ELLIPSIS)) {
            identifiers.add(EllipsisAxis.INSTANCE);
            if (bracketGroup == null) {
                composition.add(new AxisGroup(List.of(EllipsisAxis.INSTANCE), false));
                ellipsisParenthesized = false;
            } else {
                bracketGroup.add(EllipsisAxis.INSTANCE);
                ellipsisParenthesized = true;
            }
            return;
        }
        boolean isNumber = AxisNames.isDecimal(token);
        if (isNumber) {
            long value = parseLength(token);
            if (value == 1) {
                // A unit axis: at top level an axis of length 1, inside parentheses nothing at all.
                if (bracketGroup == null) {
                    composition.add(new AxisGroup(List.of(), false));
                }
                return;
            }
            if (value == 0) {
                throw new EinopsException("Anonymous axis should have positive length, not 0");
            }
            AnonymousAxis axis = new AnonymousAxis(value, offset + tokenStart);
            hasNonUnitAnonymousAxes = true;
            identifiers.add(axis);
            place(axis);
            return;
        }
        var invalid = AxisNames.whyInvalid(token, options.allowUnderscore());
        if (invalid.isPresent()) {
            throw new EinopsException("Invalid axis identifier: " + token.replace(ELLIPSIS, "...") + " (" + invalid.get() + ")");
        }
        NamedAxis axis = new NamedAxis(token);
        boolean repeatable = options.allowDuplicates() || (options.allowUnderscore() && token.equals("_"));
        if (identifiers.contains(axis) && !repeatable) {
            throw new EinopsException("Indexing expression contains duplicate dimension \"" + token + "\"");
        }
        identifiers.add(axis);
        place(axis);
    }

    private void place(Axis axis) {
        if (bracketGroup == null) {
            composition.add(new AxisGroup(List.of(axis), false));
        } else {
            bracketGroup.add(axis);
        }
    }

    private static long parseLength(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); ) {
            int cp = digits.codePointAt(i);
            try {
                value = Math.addExact(Math.multiplyExact(value, 10), Character.digit(cp, 10));
            } catch (ArithmeticException e) {
                throw new EinopsException("Anonymous axis length " + digits + " is too large");
            }
            i += Character.charCount(cp);
        }
        return value;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static String describe(int cp) {
        return switch (cp) {
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> Character.isISOControl(cp) ? String.format("\\u%04x", cp) : new String(Character.toChars(cp));
        };
    }
}
