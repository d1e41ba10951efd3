package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spi.SymbolicDim;
import dev.einops.testkit.Serialization;
import org.junit.jupiter.api.Test;

class SymbolicShapeTest {
    @Test
    void lengthsAreMinusOneWhereKnownOnlyAtRunTime() {
        SymbolicShape s = SymbolicShape.of(SymbolicDim.ofInput(0, 0), SymbolicDim.of(60));
        assertArrayEquals(new long[] {-1, 60}, s.lengths());
        assertFalse(s.isKnown());
        assertEquals("[d0.0, 60]", s.toString());
        assertTrue(SymbolicShape.known(2, 3).isKnown());
        assertEquals(2, s.rank());
    }

    @Test
    void anImmutableValue() {
        SymbolicDim[] dims = {SymbolicDim.of(2), SymbolicDim.of(3)};
        SymbolicShape s = SymbolicShape.of(dims);
        dims[0] = SymbolicDim.of(7);
        s.dims()[1] = SymbolicDim.of(8);
        assertEquals(SymbolicShape.known(2, 3), s);
        assertEquals(SymbolicShape.known(2, 3).hashCode(), s.hashCode());
        assertEquals(s, Serialization.roundTrip(s));
    }
}
