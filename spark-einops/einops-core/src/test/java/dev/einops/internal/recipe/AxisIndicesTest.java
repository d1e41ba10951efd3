package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.einops.testkit.Serialization;
import org.junit.jupiter.api.Test;

class AxisIndicesTest {
    @Test
    void anImmutableValue() {
        int[] given = {0, 2, 1};
        AxisIndices axes = AxisIndices.of(given);
        given[0] = 9;
        axes.toArray()[1] = 9;
        assertArrayEquals(new int[] {0, 2, 1}, axes.toArray());
        assertEquals(AxisIndices.of(0, 2, 1), axes);
        assertEquals(AxisIndices.of(0, 2, 1).hashCode(), axes.hashCode());
        assertNotEquals(AxisIndices.of(0, 1, 2), axes);
        assertEquals("[0, 2, 1]", axes.toString());
        assertEquals(3, axes.size());
        assertEquals(axes, Serialization.roundTrip(axes));
    }
}
