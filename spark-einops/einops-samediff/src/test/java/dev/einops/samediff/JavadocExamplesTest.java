package dev.einops.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import dev.einops.spi.Backends;
import dev.einops.testkit.JavadocSnippets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every Javadoc example of einops-samediff, run as written (between the {@code example} markers)
 * with its comments' claims asserted after it.
 */
class JavadocExamplesTest {
    @Test
    void everyExampleOfSameDiffIsCopiedIntoATest() {
        JavadocSnippets.assertEveryExampleMirrored(Path.of("src/main/java"), Path.of("src/test/java"));
    }

    @Test
    void sameDiffBackend() {
        // example: SameDiffBackend
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 32, 32);   // batch known only at run time
        SDVariable patches = Einops.rearrange(x, "b c (h h2) (w w2) -> b (c h w) h2 w2", Map.of("h2", 2, "w2", 2));
        SDVariable pooled = Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max");   // [-1, 3, 16, 16]
        // end example
        INDArray batch = Nd4j.rand(DataType.FLOAT, 5, 3, 32, 32);
        Map<String, INDArray> out = sd.output(Map.of("x", batch), patches.name(), pooled.name());
        assertEquals(Einops.rearrange(batch, "b c (h h2) (w w2) -> b (c h w) h2 w2", Map.of("h2", 2, "w2", 2)),
                out.get(patches.name()));
        assertEquals(Einops.reduce(batch, "b c (h 2) (w 2) -> b c h w", "max"), out.get(pooled.name()));
        assertArrayEquals(new long[] {5, 3, 16, 16}, out.get(pooled.name()).shape());
    }

    @Test
    void sameDiffBackendProvider() {
        SameDiff sd = SameDiff.create();
        // example: SameDiffBackendProvider
        Backends.forTensor(sd.var("x", DataType.FLOAT, 2, 3)).name();   // samediff
        // end example
        assertEquals("samediff", Backends.forTensor(sd.getVariable("x")).name());
    }
}
