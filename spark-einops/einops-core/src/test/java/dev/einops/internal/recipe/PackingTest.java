package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.internal.parse.PackPattern;
import dev.einops.spi.SymbolicDim;
import dev.einops.types.EinopsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackingTest {
    private static final PackPattern H_W_STAR = PackPattern.parse("h w *", "pack");

    @Test
    void packMergesTheStarAxesOfEachTensor() {
        Packing.PackLayout layout = Packing.pack(H_W_STAR,
                List.of(new long[] {13, 17}, new long[] {13, 17, 3}, new long[] {13, 17, 2, 4}));
        assertEquals(2, layout.axis());
        assertArrayEquals(new long[] {13, 17, 1}, layout.reshapes().get(0).lengths());
        assertArrayEquals(new long[] {13, 17, 8}, layout.reshapes().get(2).lengths());
        assertArrayEquals(new long[] {2, 4}, layout.packedShapes().get(2));
        assertArrayEquals(new long[0], layout.packedShapes().get(0));
    }

    @Test
    void packRejectsTooFewAxesAndMismatchedAxes() {
        assertTrue(assertThrows(EinopsException.class, () -> Packing.pack(H_W_STAR, List.of(new long[] {13})))
                .reason().contains("assumes at least 2 axes"));
        assertEquals("All axes except the packed one must match, but axis w has length 17 in tensor 0 (shape [13, 17])"
                        + " and 16 in tensor 1 (shape [13, 16, 2])",
                assertThrows(EinopsException.class,
                        () -> Packing.pack(H_W_STAR, List.of(new long[] {13, 17}, new long[] {13, 16, 2}))).reason());
        assertEquals("All axes except the packed one must match, but axis b has length 3 in tensor 0 (shape [2, 3])"
                        + " and 5 in tensor 1 (shape [2, 4, 5])",
                assertThrows(EinopsException.class, () -> Packing.pack(PackPattern.parse("a * b", "pack"),
                        List.of(new long[] {2, 3}, new long[] {2, 4, 5}))).reason());
    }

    @Test
    void unpackInfersOneMinusOne() {
        PackPattern p = PackPattern.parse("* seven", "unpack");
        Packing.UnpackLayout layout = Packing.unpack(p, new long[] {5, 7},
                List.of(new long[] {2, -1}, new long[] {1, 2}, new long[] {1}));
        assertArrayEquals(new long[] {0, 2, 4}, layout.starts());
        assertArrayEquals(new long[] {2, 4, 5}, layout.ends());
        assertArrayEquals(new long[] {2, 1, 7}, layout.outputShape(0));
        assertArrayEquals(new long[] {1, 7}, layout.outputShape(2));
    }

    @Test
    void lengthsKnownOnlyAtRunTimeBecomeDimsOfTheTensorItself() {
        // b t c with b and t unknown, packed as "b *": the merged axis is t * c, computed from the tensor
        Packing.PackLayout layout = Packing.pack(PackPattern.parse("b *", "pack"),
                List.of(new long[] {-1, -1, 4}, new long[] {-1, 5}));
        assertEquals(SymbolicShape.of(SymbolicDim.ofInput(0, 0), SymbolicDim.ofInput(0, 1).times(SymbolicDim.of(4))),
                layout.reshapes().get(0));
        assertArrayEquals(new long[] {-1, -1}, layout.reshapes().get(0).lengths());
        assertArrayEquals(new long[] {-1, 4}, layout.packedShapes().get(0));
        assertArrayEquals(new long[] {-1, 5}, layout.reshapes().get(1).lengths());
        assertEquals(SymbolicShape.known(12),
                Packing.pack(PackPattern.parse("*", "pack"), List.of(new long[] {3, 4})).reshapes().get(0));
    }

    @Test
    void unpackKeepsUnknownLengthsOffThePackedAxis() {
        Packing.UnpackLayout layout = Packing.unpack(PackPattern.parse("b * t", "unpack"), new long[] {-1, 7, -1},
                List.of(new long[] {3}, new long[] {2, 2}));
        assertEquals(SymbolicShape.of(SymbolicDim.ofInput(0, 0), SymbolicDim.of(2), SymbolicDim.of(2),
                SymbolicDim.ofInput(0, 2)), layout.outputShapes().get(1));
        assertArrayEquals(new long[] {-1, 3, -1}, layout.outputShape(0));
        String why = assertThrows(EinopsException.class, () -> Packing.unpack(PackPattern.parse("* c", "unpack"),
                new long[] {-1, 4}, List.of(new long[] {2}, new long[] {-1}))).reason();
        assertTrue(why.contains("needs the length of the packed axis 0") && why.contains("[-1, 4]"), why);
    }

    @Test
    void unpackRejectsWhatCannotSplit() {
        PackPattern p = PackPattern.parse("*", "unpack");
        String why = assertThrows(EinopsException.class,
                () -> Packing.unpack(p, new long[] {5}, List.of(new long[] {2}, new long[] {4}, new long[] {-1}))).reason();
        assertTrue(why.startsWith("Error during unpack(..., \"*\"): could not split axis of size 5"), why);
        assertEquals("Error during unpack(..., \"*\"): could not split axis of size 5 into requested [[-2], [7]]:"
                + " negative length -2", assertThrows(EinopsException.class,
                () -> Packing.unpack(p, new long[] {5}, List.of(new long[] {-2}, new long[] {7}))).reason());
        assertEquals("Error during unpack(..., \"*\"): could not split axis of size 5 into requested []",
                assertThrows(EinopsException.class, () -> Packing.unpack(p, new long[] {5}, List.of())).reason());
        assertEquals("unpack(..., *) received more than one -1 in [[-1], [-1]] and can't infer dimensions",
                assertThrows(EinopsException.class,
                        () -> Packing.unpack(p, new long[] {5}, List.of(new long[] {-1}, new long[] {-1}))).reason());
        assertEquals("unpack(..., *) received input of wrong dim with shape [5, 7]", assertThrows(EinopsException.class,
                () -> Packing.unpack(p, new long[] {5, 7}, List.of(new long[] {5}))).reason());
        assertEquals(0, Packing.unpack(p, new long[] {0}, List.of()).outputShapes().size());
    }

    @Test
    void patternsNeedOneStarAndValidDistinctNames() {
        assertTrue(assertThrows(EinopsException.class, () -> PackPattern.parse("a b", "unpack")).reason().startsWith("No *-axis"));
        assertEquals("Axis name * is repeated in unpack(..., \"* *\")",
                assertThrows(EinopsException.class, () -> PackPattern.parse("* *", "unpack")).reason());
        assertEquals("Axis name h is repeated in pack(..., \"h w h *\")",
                assertThrows(EinopsException.class, () -> PackPattern.parse("h w h *", "pack")).reason());
        assertTrue(assertThrows(EinopsException.class, () -> PackPattern.parse("_a *", "pack")).reason().startsWith("Invalid axis name _a"));
        assertTrue(assertThrows(EinopsException.class, () -> PackPattern.parse("a (b) *", "pack")).reason().startsWith("Invalid axis name (b)"));
        assertEquals(new PackPattern("\ta  *\n", 1, 0), PackPattern.parse("\ta  *\n", "pack"));
    }

    @Test
    void lengthsBeyond64BitsAreRejectionsThatSayWhatOverflowed() {
        long big = 1L << 32;
        assertEquals("packed tensor #0 has shape [4294967296, 4294967296], whose axes packed by * have more than"
                        + " 2^63 - 1 elements",
                assertThrows(EinopsException.class,
                        () -> Packing.pack(PackPattern.parse("*", "pack"), List.of(new long[] {big, big}))).reason());
        PackPattern p = PackPattern.parse("*", "unpack");
        assertEquals("Error during unpack(..., \"*\"): could not split axis of size 5 into requested"
                        + " [[4294967296, 4294967296]]: packed shape [4294967296, 4294967296] has more than 2^63 - 1 elements",
                assertThrows(EinopsException.class,
                        () -> Packing.unpack(p, new long[] {5}, List.of(new long[] {big, big}))).reason());
        String why = assertThrows(EinopsException.class, () -> Packing.unpack(p, new long[] {5},
                List.of(new long[] {Long.MAX_VALUE}, new long[] {1}))).reason();
        assertTrue(why.endsWith(": together they have more than 2^63 - 1 elements"), why);
    }

    @Test
    void layoutsAreImmutableValues() {
        List<long[]> shapes = List.of(new long[] {13, 17}, new long[] {13, 17, 3});
        Packing.PackLayout layout = Packing.pack(H_W_STAR, shapes);
        layout.packedShapes().get(1)[0] = 99;
        assertArrayEquals(new long[] {3}, layout.packedShapes().get(1));
        assertEquals(layout, Packing.pack(H_W_STAR, shapes));
        assertEquals(layout.hashCode(), Packing.pack(H_W_STAR, shapes).hashCode());
        PackPattern p = PackPattern.parse("*", "unpack");
        Packing.UnpackLayout unpack = Packing.unpack(p, new long[] {5}, List.of(new long[] {2}, new long[] {3}));
        unpack.starts()[1] = 99;
        assertArrayEquals(new long[] {0, 2}, unpack.starts());
        assertEquals(unpack, Packing.unpack(p, new long[] {5}, List.of(new long[] {2}, new long[] {3})));
        assertEquals("unpack along axis 0: starts [0, 2], ends [2, 5], shapes [[2], [3]]", unpack.toString());
    }
}
