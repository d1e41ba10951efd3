package dev.einops.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.EinopsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParseShapeTest {
    @Test
    void namesAxesInPatternOrder() {
        Map<String, Long> m = ParseShape.apply("w _ b", new long[] {7, 3, 2});
        assertEquals(List.of("w", "b"), List.copyOf(m.keySet()));
        assertEquals(Map.of("w", 7L, "b", 2L), m);
    }

    @Test
    void ellipsisSkipsAnyNumberOfAxes() {
        assertEquals(Map.of("a", 10L, "b", 40L), ParseShape.apply("a ... b", new long[] {10, 20, 30, 40}));
        assertEquals(Map.of("a", 10L, "b", 40L), ParseShape.apply("a ... b", new long[] {10, 40}));
        assertEquals(Map.of(), ParseShape.apply("...", new long[0]));
    }

    @Test
    void numbersAndUnitAxesAreChecked() {
        assertEquals(Map.of("a", 4L), ParseShape.apply("1 2 () a", new long[] {1, 2, 1, 4}));
        assertEquals("Length of anonymous axis 2 does not match input axis 0 of length 3: 2 a [3, 4]",
                assertThrows(EinopsException.class, () -> ParseShape.apply("2 a", new long[] {3, 4})).reason());
        assertEquals("Length of unit axis 1 is 4, not 1: a () [3, 4]",
                assertThrows(EinopsException.class, () -> ParseShape.apply("a ()", new long[] {3, 4})).reason());
    }

    @Test
    void rejectsCompositionsParenthesesAndWrongRank() {
        assertTrue(assertThrows(EinopsException.class, () -> ParseShape.apply("(a b) c", new long[] {6, 2}))
                .reason().contains("composite axes"));
        assertTrue(assertThrows(EinopsException.class, () -> ParseShape.apply("(a) c", new long[] {6, 2}))
                .reason().contains("parentheses"));
        assertTrue(assertThrows(EinopsException.class, () -> ParseShape.apply("a b c", new long[] {6, 2}))
                .reason().contains("different number of dimensions"));
        assertTrue(assertThrows(EinopsException.class, () -> ParseShape.apply("a b ... c", new long[] {6, 2}))
                .reason().contains("different number of dimensions"));
    }
}
