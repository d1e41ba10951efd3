package dev.einops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedTest {
    @Test
    void packedShapesAreCopiedInAndOut() {
        long[] first = {3};
        List<long[]> shapes = new ArrayList<>(List.of(first, new long[0]));
        Packed<String> p = new Packed<>("t", shapes);
        first[0] = 99;
        shapes.clear();
        p.packedShapes().get(0)[0] = 98;
        assertEquals(2, p.packedShapes().size());
        assertArrayEquals(new long[] {3}, p.packedShapes().get(0));
    }

    @Test
    void equalWhenTensorsAndLengthsAre() {
        Packed<String> p = new Packed<>("t", List.of(new long[] {3}, new long[0]));
        Packed<String> q = new Packed<>("t", List.of(new long[] {3}, new long[0]));
        assertEquals(p, q);
        assertEquals(p.hashCode(), q.hashCode());
        assertNotEquals(p, new Packed<>("t", List.of(new long[] {4}, new long[0])));
        assertEquals("Packed[tensor=t, packedShapes=[[3], []]]", p.toString());
    }
}
