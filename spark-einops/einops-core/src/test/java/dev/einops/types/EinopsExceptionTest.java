package dev.einops.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Tensors;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EinopsExceptionTest {
    @Test
    void aForeignFailureBecomesTheCauseOfARejectionInContext() {
        IllegalStateException boom = new IllegalStateException("boom");
        EinopsException e = EinopsException.inContext(boom, "rearrange", "a b -> b a", "[2, 3]", Map.of("a", 2));
        assertEquals("the tensor library failed: IllegalStateException: boom", e.reason());
        assertSame(boom, e.getCause());
        assertEquals("Error while processing rearrange pattern \"a b -> b a\": the tensor library failed: "
                + "IllegalStateException: boom\n Input tensor shape: [2, 3]. Axes lengths: {a=2}.", e.getMessage());
    }

    @Test
    void aRejectionKeepsItsReasonAndItsFirstContext() {
        EinopsException inner = new EinopsException("Unknown reduction 'median'.");
        EinopsException first = EinopsException.inContext(inner, "median-reduction", "a -> ", "[4]", null);
        assertEquals("Unknown reduction 'median'.", first.reason());
        assertEquals("median-reduction", first.operation());
        assertEquals(Map.of(), first.axesLengths());
        assertSame(first, EinopsException.inContext(first, "Reduce", "b -> ", null, Map.of()));
    }

    @Test
    void shapesNotReadYetAreDescribedAsUnknown() {
        assertNull(EinopsException.describeShapes((long[][]) null));
        assertEquals("list of 2 tensors [2], [3, 1]", EinopsException.describeShapes(new long[] {2}, new long[] {3, 1}));
        EinopsException e = EinopsException.inContext(new EinopsException("Tensor is null"), "parse_shape", "a", null, null);
        assertTrue(e.getMessage().endsWith("Input tensor shape: unknown. Axes lengths: {}."), e.getMessage());
    }

    @Test
    void everyEntryPointReportsForeignFailuresInContext() {
        // before, the ArithmeticException of the element count escaped fromArray unwrapped
        EinopsException e = assertThrows(EinopsException.class,
                () -> Tensors.fromArray(new double[0], 1L << 32, 1L << 32));
        assertEquals("Shape [4294967296, 4294967296] has more than 2^63 - 1 elements", e.reason());
        assertEquals("fromArray", e.operation());
        assertEquals("[4294967296, 4294967296]", e.inputShape());
    }

    @Test
    void aPatternOfTwoThousandAxesGivesAMessageOfReadableLength() {
        StringBuilder axes = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            axes.append(i == 0 ? "" : " ").append("a").append(i);
        }
        String pattern = axes + " -> " + axes;
        EinopsException e = assertThrows(EinopsException.class,
                () -> dev.einops.Einops.rearrange(Tensors.<dev.einops.spi.HostArray>fromArray(new double[6], 2, 3), pattern));
        assertTrue(e.getMessage().length() < 1200, e.getMessage().length() + " characters: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("Error while processing rearrange pattern \"a0 a1 a2 a3"), e.getMessage());
        assertTrue(e.getMessage().contains("\u2026"), e.getMessage());
        assertEquals(pattern, e.pattern(), "the exception keeps the whole pattern for code that needs it");
    }

    @Test
    void abbreviationKeepsStartAndEnd() {
        assertEquals("short", EinopsException.abbreviate("short"));
        String cut = EinopsException.abbreviate("0123456789".repeat(30));
        assertEquals(EinopsException.MAX_PART_CHARS, cut.length());
        assertTrue(cut.startsWith("0123456789") && cut.endsWith("0123456789") && cut.contains("\u2026"), cut);
    }
}
