package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Example;

/** A failing einsum call shrinks to the smallest that still fails (a jqwik example: arbitraries need its threads). */
class RandomEinsumTest {
    @Example
    void aFailingEinsumShrinksToOneOperand() {
        RandomEinsum e = Shrinking.smallestFailing(RandomEinsum.calls(), 4, call -> call.pattern().contains("i i"));
        assertEquals("i i -> ", e.pattern());
        assertArrayEquals(new long[] {1, 1}, e.operands().get(0).shape());
    }
}
