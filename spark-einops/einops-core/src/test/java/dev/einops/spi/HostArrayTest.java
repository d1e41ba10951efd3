package dev.einops.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HostArrayTest {
    @Test
    void valuesAreCopiedInAndOut() {
        double[] values = {1, 2, 3, 4, 5, 6};
        HostArray h = HostArray.ofDoubles(values, 2, 3);
        values[0] = 99;
        h.doubles()[1] = 99;
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, h.doubles());
        assertNull(h.longs());
    }

    @Test
    void equalWhenShapeFamilyAndValuesAre() {
        HostArray a = HostArray.ofLongs(new long[] {1, 2, 3, 4}, 2, 2);
        HostArray b = HostArray.ofLongs(new long[] {1, 2, 3, 4}, 2, 2);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, HostArray.ofLongs(new long[] {1, 2, 3, 5}, 2, 2));
        assertNotEquals(a.hashCode(), HostArray.ofLongs(new long[] {1, 2, 3, 5}, 2, 2).hashCode());
        assertNotEquals(a, HostArray.ofLongs(new long[] {1, 2, 3, 4}, 4));
        assertEquals("integer[2, 2] [1, 2, 3, 4]", a.toString());
    }
}
