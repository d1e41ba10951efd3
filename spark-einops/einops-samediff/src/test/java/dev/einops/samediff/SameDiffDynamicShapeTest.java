package dev.einops.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.types.EinopsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Placeholders with lengths known only at run time: one graph, fed batches of different sizes. */
class SameDiffDynamicShapeTest {
    private static INDArray run(SameDiff sd, SDVariable out, String input, INDArray value) {
        return sd.output(Map.of(input, value), out.name()).get(out.name());
    }

    @Test
    void tutorialPatternsWithAnUnknownBatch() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 8, 4, 6);
        Map<String, Integer> two = Map.of("h1", 2, "w1", 2);
        SDVariable spaceToDepth = Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", two);
        SDVariable flat = Einops.rearrange(x, "b c h w -> b (c h w)");
        SDVariable pooled = Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max");
        SDVariable upsampled = Einops.repeat(x, "b c h w -> b c (h 2) (w 2)");
        SDVariable split = Einops.rearrange(x, "b (g c) h w -> g b c h w", Map.of("g", 2));
        SDVariable batchFirstMerged = Einops.rearrange(x, "b c h w -> (b h) w c");
        SDVariable gram = Einops.einsum("b c h w, b d h w -> b c d", x, x);
        assertArrayEquals(new long[] {-1, 32, 2, 3}, Einops.parseShape(spaceToDepth, "b c h w").values().stream()
                .mapToLong(Long::longValue).toArray());
        for (int batch : new int[] {2, 5}) {
            INDArray value = Nd4j.rand(DataType.DOUBLE, batch, 8, 4, 6);
            assertEquals(Einops.rearrange(value, "b c (h h1) (w w1) -> b (h1 w1 c) h w", two), run(sd, spaceToDepth, "x", value));
            assertArrayEquals(new long[] {batch, 192}, run(sd, flat, "x", value).shape());
            assertEquals(Einops.reduce(value, "b c (h 2) (w 2) -> b c h w", "max"), run(sd, pooled, "x", value));
            assertArrayEquals(new long[] {batch, 8, 8, 12}, run(sd, upsampled, "x", value).shape());
            assertArrayEquals(new long[] {2, batch, 4, 4, 6}, run(sd, split, "x", value).shape());
            assertArrayEquals(new long[] {batch * 4, 6, 8}, run(sd, batchFirstMerged, "x", value).shape());
            assertTrue(Einops.einsum("b c h w, b d h w -> b c d", value, value)
                    .equalsWithEps(run(sd, gram, "x", value), 1e-9));
        }
    }

    @Test
    void twoUnknownLengthsAreComputedInsideTheGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, -1, 6);
        SDVariable split = Einops.rearrange(x, "b t (c d) -> b t c d", Map.of("d", 2));
        SDVariable merged = Einops.rearrange(x, "b t c -> (b t) c");
        SDVariable swapped = Einops.rearrange(x, "b t (c d) -> (d b) t c", Map.of("d", 2));
        for (long[] shape : new long[][] {{2, 3, 6}, {4, 1, 6}}) {
            INDArray value = Nd4j.rand(DataType.FLOAT, shape);
            assertEquals(Einops.rearrange(value, "b t (c d) -> b t c d", Map.of("d", 2)), run(sd, split, "x", value));
            assertArrayEquals(new long[] {shape[0] * shape[1], 6}, run(sd, merged, "x", value).shape());
            assertEquals(Einops.rearrange(value, "b t (c d) -> (d b) t c", Map.of("d", 2)), run(sd, swapped, "x", value));
        }
    }

    @Test
    void reducingOnlyUnitAxesKeepsTwoUnknownLengths() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1, -1, 1);
        SDVariable max = Einops.reduce(x, "b one t c -> b t", "max");
        SDVariable ints = x.castTo(DataType.INT);
        ints.setShape(-1, 1, -1, 1);
        SDVariable summed = new SameDiffBackend().reduce(ints, dev.einops.types.Reduction.SUM, new int[] {1, 3});
        for (long[] shape : new long[][] {{2, 1, 3, 1}, {5, 1, 1, 1}}) {
            INDArray value = Nd4j.rand(DataType.FLOAT, shape).muli(10);
            assertEquals(Einops.reduce(value, "b one t c -> b t", "max"), run(sd, max, "x", value));
            INDArray sums = run(sd, summed, "x", value);
            assertEquals(DataType.LONG, sums.dataType());
            assertEquals(value.castTo(DataType.INT).castTo(DataType.LONG).reshape(shape[0], shape[2]), sums);
        }
    }

    @Test
    void packAndUnpackKeepLengthsKnownOnlyAtRunTime() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, -1, 4);
        SDVariable y = sd.placeHolder("y", DataType.DOUBLE, -1, 5);
        dev.einops.Packed<SDVariable> rows = Einops.pack(List.of(x), "* c");
        dev.einops.Packed<SDVariable> perBatch = Einops.pack(List.of(x, y), "b *");
        assertArrayEquals(new long[] {-1, -1}, rows.packedShapes().get(0));
        assertArrayEquals(new long[] {-1, 4}, perBatch.packedShapes().get(0));
        SDVariable z = sd.placeHolder("z", DataType.DOUBLE, -1, 7, -1);
        List<SDVariable> parts = Einops.unpack(z, List.of(new long[] {3}, new long[] {2, 2}), "b * t");
        for (long[] bt : new long[][] {{2, 3}, {1, 5}}) {
            INDArray xv = Nd4j.rand(DataType.DOUBLE, bt[0], bt[1], 4);
            INDArray yv = Nd4j.rand(DataType.DOUBLE, bt[0], 5);
            Map<String, INDArray> feed = Map.of("x", xv, "y", yv);
            String r = rows.tensor().name();
            String p = perBatch.tensor().name();
            Map<String, INDArray> out = sd.output(feed, r, p);
            assertEquals(xv.reshape(bt[0] * bt[1], 4), out.get(r));
            assertEquals(Einops.pack(List.of(xv, yv), "b *").tensor(), out.get(p));
            INDArray zv = Nd4j.rand(DataType.DOUBLE, bt[0], 7, bt[1]);
            List<INDArray> expected = Einops.unpack(zv, List.of(new long[] {3}, new long[] {2, 2}), "b * t");
            assertEquals(expected.get(0), run(sd, parts.get(0), "z", zv));
            assertEquals(expected.get(1), run(sd, parts.get(1), "z", zv));
        }
        EinopsException e = org.junit.jupiter.api.Assertions.assertThrows(EinopsException.class,
                () -> Einops.unpack(rows.tensor(), rows.packedShapes(), "* c"));
        assertTrue(e.reason().contains("needs the length of the packed axis"), e.getMessage());
    }

    @Test
    void variablesFromOtherOpsNeedADeclaredShape() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.FLOAT, 2, 3));
        SDVariable y = x.mul(2);
        EinopsException e = org.junit.jupiter.api.Assertions.assertThrows(EinopsException.class,
                () -> Einops.rearrange(y, "a b -> b a"));
        assertTrue(e.reason().contains("setShape"), e.getMessage());
        y.setShape(2, 3);
        assertArrayEquals(new long[] {3, 2}, Einops.rearrange(y, "a b -> b a").eval().shape());
    }
}
