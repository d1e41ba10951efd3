package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.einops.testkit.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformRecipeTest {
    @Test
    void recipesOfOnePatternAreEqualValues() {
        TransformRecipe r = RecipeCompiler.compile(Operation.REDUCE, "b (h 2) -> h", List.of(), 2);
        TransformRecipe s = RecipeCompiler.compile(Operation.REDUCE, "b (h 2) -> h", List.of(), 2);
        assertNotSame(r, s);
        assertEquals(r, s);
        assertEquals(r.hashCode(), s.hashCode());
        assertEquals(r, Serialization.roundTrip(r));
        assertNotEquals(r, RecipeCompiler.compile(Operation.REDUCE, "b (h 3) -> h", List.of(), 2));
    }
}
