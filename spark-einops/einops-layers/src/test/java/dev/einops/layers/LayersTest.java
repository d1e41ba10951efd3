package dev.einops.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.types.EinopsException;
import java.util.Map;
import dev.einops.testkit.Serialization;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LayersTest {
    @Test
    void badPatternsFailWhenTheLayerIsBuilt() {
        EinopsException e = assertThrows(EinopsException.class, () -> new Rearrange("b c -> b"));
        assertTrue(e.getMessage().startsWith("Error while processing Rearrange pattern \"b c -> b\""), e.getMessage());
        assertEquals("Axis x is not used in transform",
                assertThrows(EinopsException.class, () -> new Rearrange("b (c h) -> b c h", Map.of("x", 2))).reason());
        assertTrue(assertThrows(EinopsException.class, () -> new Reduce("b c -> b", "median")).reason()
                .startsWith("Unknown reduction 'median'"));
        assertEquals("Unexpected identifiers on the right side of reduce: {d}",
                assertThrows(EinopsException.class, () -> new Reduce("b c -> b d", "max")).reason());
        assertEquals("Axis length for c must be a non-negative integer, got -1",
                assertThrows(EinopsException.class, () -> new Rearrange("b c -> c b", Map.of("c", -1))).reason());
    }

    @Test
    void oneLayerServesArraysAndGraphs() {
        Reduce pool = new Reduce("b c (h 2) (w 2) -> b c h w", "max");
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 6);
        INDArray pooled = pool.apply(x);
        assertEquals(Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"), pooled);
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder("x", DataType.FLOAT, -1, 3, 4, 6);
        SDVariable out = pool.apply(input);
        assertEquals(pooled, sd.output(Map.of("x", x), out.name()).get(out.name()));
    }

    @Test
    void layersAreSerializableValues() throws Exception {
        Rearrange r = new Rearrange("b (c g) h w -> b (g c) h w", Map.of("g", 4));
        Reduce m = new Reduce("b c h w -> b c", "mean");
        EinMix mix = new EinMix("b t c -> b t d", "c d", "d", Map.of("c", 3, "d", 5));
        assertEquals(r, Serialization.roundTrip(r));
        assertEquals(m, Serialization.roundTrip(m));
        EinMix copy = Serialization.roundTrip(mix);
        assertEquals(mix, copy);
        assertArrayEquals(new long[] {3, 5}, copy.weightShape());
        assertArrayEquals(new long[] {1, 1, 5}, copy.biasShape());
    }

    @Test
    void einMixFollowsTheReferencesRules() {
        assertTrue(assertThrows(EinopsException.class, () -> new EinMix("b c -> b d", "c d", Map.of("c", 3)))
                .reason().contains("Dimension d of weight should be specified"));
        assertTrue(assertThrows(EinopsException.class, () -> new EinMix("b c -> b d e", "c d", Map.of("c", 3, "d", 2)))
                .reason().contains("Unrecognized identifiers on the right side"));
        assertTrue(assertThrows(EinopsException.class, () -> new EinMix("b c -> b d", "c d x", Map.of("c", 3, "d", 2, "x", 1)))
                .reason().contains("Weight axes are redundant"));
        assertTrue(assertThrows(EinopsException.class, () -> new EinMix("b c -> b d", "(c d)", Map.of("c", 3, "d", 2)))
                .reason().contains("Parenthesis"));
        assertTrue(assertThrows(EinopsException.class, () -> new EinMix("b c -> b d", "c d", "b", Map.of("c", 3, "d", 2)))
                .reason().contains("Sizes not provided for bias axes"));
        assertTrue(assertThrows(EinopsException.class, () -> new EinMix("... c -> d", "c d", Map.of("c", 3, "d", 2)))
                .reason().contains("both sides"));
    }

    @Test
    void einMixMatchesItsEinsumOnArraysAndWithCompositions() {
        EinMix mix = new EinMix("b (h w) c -> b h (w d)", "c d", "d", Map.of("h", 2, "c", 3, "d", 4));
        EinMix.Parameters<INDArray> p = mix.initialParameters(DataType.DOUBLE, 1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 6, 3);
        INDArray y = mix.apply(x, p);
        INDArray viaEinsum = Einops.einsum("b h w c, c d -> b h w d",
                Einops.rearrange(x, "b (h w) c -> b h w c", Map.of("h", 2)), p.weight()).add(p.bias().reshape(1, 1, 1, 4));
        assertTrue(Einops.rearrange(viaEinsum, "b h w d -> b h (w d)").equalsWithEps(y, 1e-12));
        // uniform in +-sqrt(3 / fan_in), fan_in = c = 3: twelve draws spread over both signs
        double bound = Math.sqrt(3.0 / 3);
        assertTrue(p.weight().maxNumber().doubleValue() <= bound && p.weight().minNumber().doubleValue() >= -bound,
                p.weight().toString());
        assertTrue(p.weight().maxNumber().doubleValue() > 0 && p.weight().minNumber().doubleValue() < 0,
                "the weight is drawn, not zero: " + p.weight());
        double biasBound = Math.sqrt(1.0 / 3);
        assertTrue(p.bias().amaxNumber().doubleValue() <= biasBound && p.bias().amaxNumber().doubleValue() > 0,
                "the bias is drawn in +-sqrt(1 / fan_in): " + p.bias());
        assertTrue(y.amaxNumber().doubleValue() > 0, "a non-trivial map");
    }
}
