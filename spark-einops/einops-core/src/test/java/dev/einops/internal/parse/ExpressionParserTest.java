package dev.einops.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.EinopsException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExpressionParserTest {
    private static ParsedExpression parse(String s) {
        return ExpressionParser.parse(s, 0, ParseOptions.DEFAULT);
    }

    @Test
    void parsesNamesCompositionsEllipsisAndUnitAxes() {
        ParsedExpression e = parse("b (h 2) ... () 1 (c 1 d)");
        assertEquals("[b, (h 2), ..., (), 1, (c d)]", e.composition().toString());
        assertTrue(e.hasEllipsis());
        assertFalse(e.ellipsisParenthesized());
        assertTrue(e.hasNonUnitAnonymousAxes());
        assertEquals(List.of(new NamedAxis("b"), new NamedAxis("h"), new AnonymousAxis(2, 5),
                EllipsisAxis.INSTANCE, new NamedAxis("c"), new NamedAxis("d")), List.copyOf(e.identifiers()));
    }

    @Test
    void numbersAreDistinctAxesByPosition() {
        ParsedExpression e = ExpressionParser.parse("(h 2) (w 2)", 10, ParseOptions.DEFAULT);
        List<Axis> twos = e.identifiers().stream().filter(a -> a instanceof AnonymousAxis).toList();
        assertEquals(List.of(new AnonymousAxis(2, 13), new AnonymousAxis(2, 19)), twos);
    }

    @Test
    void parenthesizedEllipsisIsRecorded() {
        ParsedExpression e = parse("a (b ...)");
        assertTrue(e.ellipsisParenthesized());
        assertFalse(e.composition().get(1).isEllipsis());
    }

    @Test
    void spacesAndEmptyParenthesesAreUnitAxes() {
        assertEquals("[(), 1]", parse(" ( )  1 ").composition().toString());
        assertTrue(parse("").composition().isEmpty());
    }

    @Test
    void unicodeLettersAreNames() {
        assertEquals("[ß, (é w)]", parse("ß (é w)").composition().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a (b c|Imbalanced parentheses",
        "a b c)|Brackets are not balanced",
        "a ((b c))|brackets inside brackets",
        "... a ...|dots only inside ellipsis",
        "a b.c|dots only inside ellipsis",
        "..|dots only inside ellipsis",
        "...pre|Invalid axis identifier: ...pre",
        "a b!|Unknown character '!'",
        "a, b|Unknown character ','",
        "_a b|should not start or end with underscore",
        "a_ b|should not start or end with underscore",
        "_|should not start or end with underscore",
        "1c|Invalid axis identifier: 1c",
        "a a|duplicate dimension \"a\"",
        "(a 0)|positive length, not 0",
        "a\u2026|Unknown character",
    })
    void rejectsWithTheReason(String expression, String reason) {
        EinopsException e = assertThrows(EinopsException.class, () -> parse(expression));
        assertTrue(e.getMessage().contains(reason), () -> e.getMessage() + " should contain " + reason);
    }

    @Test
    void tabIsAnUnknownCharacterShownEscaped() {
        EinopsException e = assertThrows(EinopsException.class, () -> parse("a\tb"));
        assertEquals("Unknown character '\\t'", e.reason());
    }

    @Test
    void underscoreAloneIsAllowedWhereTheOptionSaysAndMayRepeat() {
        ParsedExpression e = ExpressionParser.parse("_ a _", 0, ParseOptions.PARSE_SHAPE);
        assertEquals("[_, a, _]", e.composition().toString());
    }

    @Test
    void duplicatesAreAllowedForEinsumOperands() {
        assertEquals("[i, i]", ExpressionParser.parse("i i", 0, ParseOptions.EINSUM_OPERAND).composition().toString());
    }

    @Test
    void patternNeedsExactlyOneArrow() {
        assertTrue(assertThrows(EinopsException.class, () -> Pattern.parse("a b c")).reason().contains("'->'"));
        assertTrue(assertThrows(EinopsException.class, () -> Pattern.parse("a - > b")).reason().contains("'->'"));
        assertTrue(assertThrows(EinopsException.class, () -> Pattern.parse("a -> b -> c")).reason().contains("exactly one"));
        assertEquals("[b, a]", Pattern.parse("a b->b a").right().composition().toString());
    }
}
