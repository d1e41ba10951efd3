package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.EinopsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeCompilerTest {
    private static String rejection(Operation op, String pattern, List<String> names, int rank) {
        return assertThrows(EinopsException.class, () -> RecipeCompiler.compile(op, pattern, names, rank)).reason();
    }

    @Test
    void numbersElementaryAxesInputFirstThenNewOnes() {
        TransformRecipe r = RecipeCompiler.compile(Operation.REPEAT, "h w -> (c h) w 2 3", List.of("c"), 2);
        assertEquals(List.of("h", "w", "c", "2", "3"), r.axisNames());
        assertEquals(2, r.inputAxisCount());
        assertArrayEquals(new long[] {-1, -1, TransformRecipe.GIVEN, 2, 3}, r.knownLengths());
        assertArrayEquals(new int[] {2, 0, 1, 3, 4}, r.outputOrder());
        assertArrayEquals(new int[] {2, 1, 1, 1}, r.outputGroupSizes());
        // a number on each side is two different axes, so repeat rejects the left one
        assertEquals("Unexpected identifiers on the left side of repeat: {2}",
                rejection(Operation.REPEAT, "(h 2) -> h 2", List.of(), 1));
    }

    @Test
    void reductionMarksAxesMissingOnTheRight() {
        TransformRecipe r = RecipeCompiler.compile(Operation.REDUCE, "b c (h 2) (w 2) -> b c h w", List.of(), 4);
        assertArrayEquals(new boolean[] {false, false, false, true, false, true}, r.reduced());
        assertTrue(r.reducesAxes());
    }

    @Test
    void ellipsisExpandsToTheRemainingRank() {
        TransformRecipe r = RecipeCompiler.compile(Operation.REARRANGE, "b ... -> (...) b", List.of(), 4);
        assertEquals(List.of("b", "...0", "...1", "...2"), r.axisNames());
        assertArrayEquals(new int[] {3, 1}, r.outputGroupSizes());
        RecipeCompiler.compile(Operation.REARRANGE, "b ... -> b ...", List.of(), 1);
    }

    @Test
    void rejectionsFollowTheReference() {
        assertTrue(rejection(Operation.REARRANGE, "a b -> a b c", List.of(), 2).startsWith("Identifiers only on one side"));
        assertTrue(rejection(Operation.REARRANGE, "a b -> a (b 2)", List.of(), 2).startsWith("Non-unitary anonymous axes"));
        assertTrue(rejection(Operation.REARRANGE, "a b -> a b ...", List.of(), 2).startsWith("Ellipsis found in right side"));
        assertTrue(rejection(Operation.REARRANGE, "(a ...) -> a ...", List.of(), 2).startsWith("Ellipsis inside parenthesis"));
        assertTrue(rejection(Operation.REDUCE, "a b -> a c", List.of(), 2).startsWith("Unexpected identifiers on the right side"));
        assertTrue(rejection(Operation.REPEAT, "a b -> a", List.of(), 2).startsWith("Unexpected identifiers on the left side"));
        assertTrue(rejection(Operation.REPEAT, "a -> a c", List.of(), 1).startsWith("Specify sizes for new axes in repeat: {c}"));
        assertTrue(rejection(Operation.REARRANGE, "a b -> b a", List.of(), 3).startsWith("Wrong shape: expected 2 dims. Received 3-dim"));
        assertTrue(rejection(Operation.REARRANGE, "a b ... -> b a ...", List.of(), 1).startsWith("Wrong shape: expected >=2 dims"));
        assertTrue(rejection(Operation.REARRANGE, "a b -> b a", List.of("_x"), 2).startsWith("Invalid name for an axis: '_x'"));
        assertTrue(rejection(Operation.REARRANGE, "a b -> b a", List.of("d"), 2).startsWith("Axis d is not used in transform"));
        assertTrue(rejection(Operation.REARRANGE, "(a b) -> a b", List.of(), 1).startsWith("Could not infer sizes for {a, b}"));
    }

    @Test
    void rejectionsNameTheOffendingPart() {
        assertEquals("Ellipsis inside parenthesis in the left side is not allowed: (b ...)",
                rejection(Operation.REARRANGE, "a (b ...) -> a b ...", List.of(), 2));
        assertEquals("Non-unitary anonymous axes are not supported in rearrange (exception is length 1): {3}",
                rejection(Operation.REARRANGE, "a b -> a (b 1 3)", List.of(), 2));
    }
}
