package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Example;

/** A failing pack call shrinks to the smallest that still fails (a jqwik example: arbitraries need its threads). */
class RandomPackTest {
    @Example
    void aFailingPackShrinksToTheStarAlone() {
        RandomPack p = Shrinking.smallestFailing(RandomPack.calls(), 5, call -> call.inputs().size() > 1);
        assertEquals("*", p.pattern());
        assertEquals(2, p.inputs().size());
        assertArrayEquals(new long[0], p.inputs().get(1).shape());
    }
}
