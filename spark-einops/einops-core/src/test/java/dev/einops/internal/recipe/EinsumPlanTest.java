package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.einops.testkit.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class EinsumPlanTest {
    private static EinsumPlan compile(String pattern, long[]... shapes) {
        return EinsumCompiler.compile(pattern, List.of(shapes));
    }

    @Test
    void plansAndStepsAreEqualWhenTheirContentsAre() {
        // a diagonal, a sum and a permutation: steps with arrays in them
        EinsumPlan p = compile("i i j, j k -> k i", new long[] {3, 3, 4}, new long[] {4, 5});
        EinsumPlan q = compile("i i j, j k -> k i", new long[] {3, 3, 4}, new long[] {4, 5});
        assertNotSame(p, q);
        assertEquals(p, q);
        assertEquals(p.hashCode(), q.hashCode());
        assertEquals(p, Serialization.roundTrip(p));
    }

    @Test
    void stepsAreValues() {
        assertEquals(new EinsumStep.Permute(0, AxisIndices.of(1, 0)), new EinsumStep.Permute(0, AxisIndices.of(1, 0)));
        assertEquals(new EinsumStep.Sum(2, AxisIndices.of(0)), new EinsumStep.Sum(2, AxisIndices.of(0)));
        assertEquals(new EinsumStep.Reshape(1, SymbolicShape.known(6)), new EinsumStep.Reshape(1, SymbolicShape.known(6)));
    }
}
