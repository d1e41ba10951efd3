package dev.einops.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.testkit.JavadocSnippets;
import dev.einops.types.EinopsException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every Javadoc example of einops-layers, run as written (between the {@code example} markers)
 * with its comments' claims asserted after it.
 */
class JavadocExamplesTest {
    @Test
    void everyExampleOfLayersIsCopiedIntoATest() {
        JavadocSnippets.assertEveryExampleMirrored(Path.of("src/main/java"), Path.of("src/test/java"));
    }

    @Test
    void einMix() {
        // example: EinMix
        EinMix mix = new EinMix("b t c_in -> b t c_out", "c_in c_out", "c_out", Map.of("c_in", 16, "c_out", 32));
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 10, 16);
        EinMix.Parameters<SDVariable> p = mix.createParameters(sd, "mix", DataType.FLOAT, 7);   // weight and bias
        SDVariable y = mix.apply(x, p);                                                         // [-1, 10, 32]
        // end example
        INDArray batch = Nd4j.rand(DataType.FLOAT, 4, 10, 16);
        INDArray out = sd.output(Map.of("x", batch), y.name()).get(y.name());
        assertArrayEquals(new long[] {4, 10, 32}, out.shape());
        assertEquals(sd.getVariable("mix_weight"), p.weight());
        assertEquals(sd.getVariable("mix_bias"), p.bias());
        INDArray want = Einops.einsum("b t i, i o -> b t o", batch, p.weight().getArr()).add(p.bias().getArr());
        assertTrue(want.equalsWithEps(out, 1e-5), "y = x W + b");
    }

    @Test
    void rearrange() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5);
        SDVariable placeholder = SameDiff.create().placeHolder("x", DataType.FLOAT, -1, 3, 4, 5);
        EinopsException rejected = assertThrows(EinopsException.class, () -> {
            // example: Rearrange
            Rearrange flatten = new Rearrange("b c h w -> b (c h w)");
            INDArray y = flatten.apply(x);              // an ND4J array
            SDVariable v = flatten.apply(placeholder);  // a node of a SameDiff graph
            new Rearrange("b c -> b");                  // EinopsException: identifiers only on one side
            // end example
        });
        assertEquals("Identifiers only on one side of expression (should be on both): {c}", rejected.reason());
        Rearrange flatten = new Rearrange("b c h w -> b (c h w)");
        assertEquals(x.reshape(2, 60), flatten.apply(x));
        SDVariable v = flatten.apply(placeholder);
        assertEquals(x.reshape(2, 60), v.getSameDiff().output(Map.of("x", x), v.name()).get(v.name()));
    }

    @Test
    void reduce() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 6);
        EinopsException rejected = assertThrows(EinopsException.class, () -> {
            // example: Reduce
            Reduce pool = new Reduce("b c (h 2) (w 2) -> b c h w", "max");
            INDArray y = pool.apply(x);
            new Reduce("b c -> b", "median");   // EinopsException: unknown reduction
            // end example
        });
        assertTrue(rejected.reason().startsWith("Unknown reduction 'median'"), rejected.getMessage());
        assertEquals(Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"),
                new Reduce("b c (h 2) (w 2) -> b c h w", "max").apply(x));
    }

    @Test
    void einMixRecipe() {
        // example: EinMixRecipe
        EinMixRecipe r = EinMixRecipe.compile("b (t c) -> b t d", "c d", null, Map.of("t", 4L, "c", 3L, "d", 5L));
        String pre = r.preReshape;              // b (t c) -> b t c
        Map<String, Long> lengths = r.preLengths;   // {t=4, c=3}
        String product = r.einsum;              // b t c, c d -> b t d
        // end example
        assertEquals("b (t c) -> b t c", pre);
        assertEquals(Map.of("t", 4L, "c", 3L), lengths);
        assertEquals("b t c, c d -> b t d", product);
    }
}
