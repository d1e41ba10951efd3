package dev.einops.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import dev.einops.nd4j.Nd4jMemory;
import dev.einops.spi.Backends;
import dev.einops.testkit.JavadocSnippets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private final List<INDArray> consumed = new ArrayList<>();

    private final List<Boolean> lent = new ArrayList<>();

    private void consume(INDArray y) {
        consumed.add(y.dup());
        lent.add(Nd4jMemory.isLent(y));
    }

    @Test
    void sameDiffMemory() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 16, 64, 64);
        Einops.rearrange(x, "b c h w -> b (h w c)").rename("y");
        List<INDArray> batches = List.of(Nd4j.rand(DataType.FLOAT, 4, 16, 64, 64), Nd4j.rand(DataType.FLOAT, 4, 16, 64, 64));
        // example: SameDiffMemory
        SameDiffMemory.reuseAcrossRuns(sd);                               // on the thread that runs sd
        for (INDArray batch : batches) {
            INDArray y = sd.output(Map.of("x", batch), "y").get("y");
            consume(y);
            Nd4jMemory.closeUnlessShared(y, batch);                         // back for the next run
        }
        // end example
        assertEquals(List.of(true, true), lent, "the outputs came from einops' memory");
        for (int i = 0; i < 2; i++) {
            assertEquals(Einops.rearrange(batches.get(i), "b c h w -> b (h w c)"), consumed.get(i));
        }
    }
}
