package dev.einops.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.nd4j.Nd4jMemory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Graph runs with einops' memory: same results, outputs lent, intermediates given back, gradients intact. */
class SameDiffMemoryTest {
    @Test
    void runsReuseTheMemoryOfReleasedOutputs() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 8, 64, 64);
        SDVariable s2d = Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2));
        SDVariable pooled = Einops.reduce(s2d, "b c h w -> b c", "mean");
        SDVariable up = Einops.repeat(x, "b c h w -> b c (h 2) (w 2)");
        SameDiffMemory.reuseAcrossRuns(sd);
        SameDiffMemory.reuseAcrossRuns(sd);   // twice: the same
        INDArray batch = Nd4j.rand(DataType.DOUBLE, 4, 8, 64, 64);
        java.util.Set<Long> addresses = new java.util.HashSet<>();
        for (int run = 0; run < 6; run++) {
            Map<String, INDArray> out = sd.output(Map.of("x", batch), s2d.name(), pooled.name(), up.name());
            assertEquals(Einops.rearrange(batch, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2)),
                    out.get(s2d.name()));
            assertEquals(Einops.reduce(out.get(s2d.name()), "b c h w -> b c", "mean"), out.get(pooled.name()));
            assertEquals(Einops.repeat(batch, "b c h w -> b c (h 2) (w 2)"), out.get(up.name()));
            assertTrue(Nd4jMemory.isLent(out.get(up.name())) && Nd4jMemory.isLent(out.get(s2d.name())),
                    "outputs come from einops' memory");
            addresses.add(out.get(up.name()).data().address());
            addresses.add(out.get(s2d.name()).data().address());
            out.values().forEach(y -> Nd4jMemory.closeUnlessShared(y, batch));
        }
        // each run's blocks are the previous runs' (outputs and intermediates alike), not fresh memory
        assertTrue(addresses.size() <= 8, addresses.size() + " blocks for 12 outputs");
        assertFalse(batch.wasClosed());
    }

    @Test
    void gradientsAreUnchanged() {
        SameDiffGradientTest.assertGradientMatchesFiniteDifferences(new long[] {2, 3, 4}, v -> {
            SameDiffMemory.reuseAcrossRuns(v.getSameDiff());
            return Einops.repeat(Einops.rearrange(v, "a b c -> c (a b)"), "x y -> (x 3) y");
        });
    }
}
