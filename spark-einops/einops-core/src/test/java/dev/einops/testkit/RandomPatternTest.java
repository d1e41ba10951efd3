package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.types.DTypeFamily;
import dev.einops.types.Reduction;
import java.util.Map;
import net.jqwik.api.Example;

/**
 * Random calls are valid, and a failing one shrinks to the smallest call that still fails. jqwik
 * examples, as arbitraries generate on jqwik's threads only.
 */
class RandomPatternTest {
    @Example
    void aFailingCompositionShrinksToTwoUnitAxes() {
        RandomPattern p = Shrinking.smallestFailing(RandomPattern.calls(RandomPattern.Kind.REARRANGE), 1,
                call -> call.left().matches(".*\\(\\w+ \\w+.*"));
        assertEquals("(a b) -> a b", p.pattern());
        assertArrayEquals(new long[] {1}, p.inputShape());
        assertEquals(Map.of("a", 1L), p.axes(), "only the lengths the input cannot tell");
        assertEquals(DTypeFamily.FLOATING, p.family());
    }

    @Example
    void aFailingReductionShrinksToOneAxis() {
        RandomPattern p = Shrinking.smallestFailing(RandomPattern.calls(RandomPattern.Kind.REDUCE), 2,
                call -> call.reduction() == Reduction.PROD && call.inputShape().length == 2);
        assertEquals("a b -> ", p.pattern());
        assertArrayEquals(new long[] {1, 1}, p.inputShape());
    }

    @Example
    void aFailingRepeatShrinksToOneNewAxis() {
        RandomPattern p = Shrinking.smallestFailing(RandomPattern.calls(RandomPattern.Kind.REPEAT), 3,
                call -> call.right().contains("r1"));
        assertEquals("a -> a r0 r1", p.pattern());
        assertEquals(Map.of("r0", 0L, "r1", 0L), p.axes());
    }

    @Example
    void samplesAreValidCallsAndRepeatable() {
        for (long seed = 0; seed < 200; seed++) {
            RandomPattern p = RandomPattern.sample(RandomPattern.Kind.REDUCE, seed);
            assertEquals(p.toString(), RandomPattern.sample(RandomPattern.Kind.REDUCE, seed).toString());
            assertEquals(NaiveEinops.reduce(p.input(seed), p.pattern(), p.reduction(), p.axes()).shape().length,
                    p.right().isBlank() ? 0 : p.right().split(" (?![^(]*\\))").length, p::toString);
        }
    }
}
