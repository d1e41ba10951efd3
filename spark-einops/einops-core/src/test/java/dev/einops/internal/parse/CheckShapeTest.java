package dev.einops.internal.parse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.einops.types.EinopsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckShapeTest {
    @Test
    void passesWhenEveryGivenLengthMatches() {
        assertDoesNotThrow(() -> CheckShape.apply("b c h w", new long[] {8, 3, 32, 32}, Map.of("c", 3, "h", 32)));
        assertDoesNotThrow(() -> CheckShape.apply("... c", new long[] {2, 5, 3}, Map.of("c", 3)));
    }

    @Test
    void namesTheAxisAndBothLengthsOnAMismatch() {
        EinopsException e = assertThrows(EinopsException.class,
                () -> CheckShape.apply("b c h w", new long[] {8, 4, 32, 32}, Map.of("c", 3)));
        assertEquals("Shape mismatch, 4 != 3: axis c has length 4 but should have length 3: b c h w [8, 4, 32, 32]",
                e.reason());
    }

    @Test
    void unknownLengthsPassUntilTheyAreKnown() {
        assertDoesNotThrow(() -> CheckShape.apply("c h w", new long[] {-1, 32, -1}, Map.of("c", 3, "w", 7)));
        assertDoesNotThrow(() -> CheckShape.apply("1 h 2", new long[] {-1, 32, -1}, Map.of()));
        assertEquals("Length of anonymous axis 2 does not match input axis 2 of length 5: 1 h 2 [-1, 32, 5]",
                assertThrows(EinopsException.class,
                        () -> CheckShape.apply("1 h 2", new long[] {-1, 32, 5}, Map.of())).reason());
    }

    @Test
    void rejectsRankAndNamesThePatternLacks() {
        assertEquals("Can't parse shape with different number of dimensions: c h w [3, 32]",
                assertThrows(EinopsException.class, () -> CheckShape.apply("c h w", new long[] {3, 32}, Map.of()))
                        .reason());
        assertEquals("Axis x is given a length but the pattern c h w does not name it",
                assertThrows(EinopsException.class,
                        () -> CheckShape.apply("c h w", new long[] {3, 4, 5}, Map.of("x", 3))).reason());
    }
}
