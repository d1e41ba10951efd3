package dev.einops.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What EinMix compiles once, when it is built, instead of on every apply. */
class EinMixRecipeTest {
    @Test
    void compositionsBecomeRearrangementsWithTheLengthsTheyName() {
        EinMixRecipe r = EinMixRecipe.compile("b (h w) c -> b h (w d)", "c d", "d", Map.of("h", 2L, "c", 3L, "d", 4L));
        assertEquals("b (h w) c -> b h w c", r.preReshape);
        assertEquals(Map.of("h", 2L, "c", 3L), r.preLengths);
        assertEquals("b h w c, c d -> b h w d", r.einsum);
        assertEquals("b h w d -> b h (w d)", r.postReshape);
        assertEquals(Map.of("h", 2L, "d", 4L), r.postLengths);
        assertArrayEquals(new long[] {3, 4}, r.weightShape());
        assertArrayEquals(new long[] {1, 1, 1, 4}, r.biasShape());
        assertEquals(3, r.fanIn);
    }

    @Test
    void elementaryAxesNeedNoRearrangement() {
        EinMixRecipe r = EinMixRecipe.compile("b t c -> b t d", "c d", null, Map.of("c", 3L, "d", 5L));
        assertNull(r.preReshape);
        assertNull(r.postReshape);
        assertNull(r.biasShape());
        assertEquals("b t c, c d -> b t d", r.einsum);
    }
}
