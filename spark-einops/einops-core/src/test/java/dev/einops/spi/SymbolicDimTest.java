package dev.einops.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.einops.testkit.Serialization;
import org.junit.jupiter.api.Test;

class SymbolicDimTest {
    @Test
    void arraysAreCopiedInAndOut() {
        int[] axes = {1};
        SymbolicDim d = new SymbolicDim(1, 1, new int[] {0}, axes);
        axes[0] = 5;
        d.axes()[0] = 6;
        d.operands()[0] = 7;
        assertArrayEquals(new int[] {1}, d.axes());
        assertArrayEquals(new int[] {0}, d.operands());
    }

    @Test
    void equalWhenTheProductsAre() {
        SymbolicDim a = SymbolicDim.ofInput(0, 1).times(SymbolicDim.ofInput(1, 0));
        SymbolicDim b = SymbolicDim.ofInput(1, 0).times(SymbolicDim.ofInput(0, 1));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(SymbolicDim.ofInput(0, 1), SymbolicDim.ofInput(1, 1), "another operand's axis");
        assertEquals(a, Serialization.roundTrip(a));
    }
}
