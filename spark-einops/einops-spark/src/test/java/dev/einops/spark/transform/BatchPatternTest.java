package dev.einops.spark.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.EinopsException;
import org.junit.jupiter.api.Test;

class BatchPatternTest {
    @Test
    void theRowAxisDecidesTheKind() {
        assertEquals(RowAxisKind.PER_ROW, BatchPattern.parse("b c h w -> b h w c").kind());
        assertEquals(RowAxisKind.EXPLODE, BatchPattern.parse("b c (h p1) (w p2) -> (b h w) c p1 p2").kind());
        assertEquals(RowAxisKind.EXPLODE, BatchPattern.parse("b t c -> (b t) c").kind());
        assertEquals(RowAxisKind.EXPLODE, BatchPattern.parse("b c -> (b) c").kind());
        assertEquals(RowAxisKind.AGGREGATE, BatchPattern.parse("b c h w -> c").kind());
        assertEquals(RowAxisKind.STACK, BatchPattern.parse("t c h w -> c t h w").kind());
        assertEquals(RowAxisKind.STACK, BatchPattern.parse("b h w c -> h (b w) c").kind());
        assertEquals("b", BatchPattern.parse("b h w c -> h (b w) c").rowAxis());
    }

    @Test
    void aPerRowPatternLosesItsRowAxisOnBothSides() {
        assertEquals("c (h 2) (w 2) -> c h w", BatchPattern.parse("b c (h 2) (w 2) -> b c h w").rowPattern());
        assertEquals("... () -> (...) 1", BatchPattern.parse("b ... () -> b (...) 1").rowPattern());
        assertEquals(" -> ", BatchPattern.parse("b -> b").rowPattern());
    }

    @Test
    void aPatternMustStartWithANamedRowAxis() {
        for (String bad : new String[] {"(b c) h -> b c h", "... c -> ... c", "1 c -> c", " -> "}) {
            EinopsException e = assertThrows(EinopsException.class, () -> BatchPattern.parse(bad));
            assertTrue(e.getMessage().contains("must start with a named row axis"), e.getMessage());
            assertTrue(e.getMessage().contains("without it (c h w -> h w c)"), e.getMessage());
        }
    }

    @Test
    void onlyAPerRowPatternHasARowPattern() {
        EinopsException e = assertThrows(EinopsException.class, () -> BatchPattern.parse("b c -> c b").rowPattern());
        assertTrue(e.getMessage().contains("row axis b must stay first and alone on the output for a per-row step, but this "
                + "pattern stacks rows into one tensor"), e.getMessage());
    }
}
