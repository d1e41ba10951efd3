package dev.einops.spark.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.internal.recipe.Operation;
import dev.einops.types.EinopsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A call compiled once: its kind and every form a block runs, derived from the parsed axes. */
class CompiledCallTest {
    @Test
    void aVerbsPerRowCallRunsItsOwnPatternOnBlocks() {
        CompiledCall call = CompiledCall.verb(Operation.REDUCE, "b c (h 2) (w 2) -> b c h w", "max", Map.of());
        assertEquals(RowAxisKind.PER_ROW, call.kind());
        assertEquals("b", call.rowAxis());
        assertEquals("c (h 2) (w 2) -> c h w", call.rowPattern());
        assertEquals("b c (h 2) (w 2) -> b c h w", call.blockPattern());
        assertEquals("max-reduction 'b c (h 2) (w 2) -> b c h w' per row 'c (h 2) (w 2) -> c h w'", call.describe());
    }

    @Test
    void anExplodeKeepsItsRowAxisInFrontOfTheExplodedAxes() {
        CompiledCall call = CompiledCall.verb(Operation.REARRANGE, "b c (h p) (w q) -> (b h w) c p q", null,
                Map.of("p", 2, "q", 2));
        assertEquals(RowAxisKind.EXPLODE, call.kind());
        assertEquals("c (h p) (w q) -> (h w) c p q", call.rowPattern());
        assertEquals("b c (h p) (w q) -> b (h w) c p q", call.blockPattern());
        assertEquals(List.of("h", "w"), call.explodedAxes());
    }

    @Test
    void aColumnFunctionsBlockAxisIsANameThePatternDoesNotUse() {
        assertEquals("rows a b -> rows b a",
                CompiledCall.rowFunction(Operation.REARRANGE, "a b -> b a", null, Map.of()).blockPattern());
        assertEquals("rows1 rows b -> rows1 b rows",
                CompiledCall.rowFunction(Operation.REARRANGE, "rows b -> b rows", null, Map.of()).blockPattern());
        assertEquals("rows2 rows (rows1 b) -> rows2 b rows rows1", CompiledCall.rowFunction(Operation.REARRANGE,
                "rows (rows1 b) -> b rows rows1", null, Map.of("b", 2)).blockPattern());
    }

    @Test
    void theRowAxisLengthAssertsTheNumberOfRowsAndIsNoAxisLength() {
        CompiledCall call = CompiledCall.verb(Operation.REARRANGE, "b (h w) -> b h w", null, Map.of("b", 8, "h", 2));
        assertEquals(8, call.rowCount());
        assertEquals(Map.of("h", 2L), call.axesLengths());
        assertEquals(-1, CompiledCall.verb(Operation.REARRANGE, "b h -> b h", null, Map.of()).rowCount());
    }

    @Test
    void acrossRowsAndStacksHaveNoPerRowForm() {
        CompiledCall mean = CompiledCall.verb(Operation.REDUCE, "b c h w -> c", "mean", Map.of());
        assertEquals(RowAxisKind.AGGREGATE, mean.kind());
        assertEquals("b c h w -> c", mean.blockPattern());
        EinopsException e = assertThrows(EinopsException.class, mean::rowPattern);
        assertTrue(e.getMessage().contains("reduces across rows") && e.getMessage().contains("b c h w -> c"),
                e.getMessage());
        assertEquals(RowAxisKind.STACK, CompiledCall.verb(Operation.REARRANGE, "t c -> c t", null, Map.of()).kind());
    }

    @Test
    void badCallsFailAtOnceWithTheirContext() {
        EinopsException reduction = assertThrows(EinopsException.class,
                () -> CompiledCall.verb(Operation.REARRANGE, "b h -> b h", "sum", Map.of()));
        assertTrue(reduction.getMessage().contains("rearrange takes no reduction, got 'sum'"), reduction.getMessage());
        EinopsException length = assertThrows(EinopsException.class,
                () -> CompiledCall.rowFunction(Operation.REARRANGE, "(h w) -> h w", null, Map.of("x", 2)));
        assertTrue(length.getMessage().contains("(h w) -> h w"), length.getMessage());
        EinopsException noRowAxis = assertThrows(EinopsException.class,
                () -> CompiledCall.verb(Operation.REARRANGE, "(b c) -> b c", null, Map.of()));
        assertTrue(noRowAxis.getMessage().contains("must start with a named row axis"), noRowAxis.getMessage());
    }

    @Test
    void equalCallsAreEqualAndSurviveSerialization() throws Exception {
        CompiledCall call = CompiledCall.verb(Operation.REARRANGE, "b (h w) -> b h w", null, Map.of("h", 2));
        assertEquals(call, CompiledCall.verb(Operation.REARRANGE, "b (h w) -> b h w", null, Map.of("h", 2)));
        assertNotEquals(call, CompiledCall.verb(Operation.REARRANGE, "b (h w) -> b h w", null, Map.of("h", 4)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(call);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            CompiledCall back = (CompiledCall) in.readObject();
            assertEquals(call, back);
            assertEquals(call.blockPattern(), back.blockPattern());
        }
    }
}
