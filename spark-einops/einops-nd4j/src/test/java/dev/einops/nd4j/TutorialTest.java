package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every statement of the einops deep-learning tutorial, on an ND4J tensor of shape
 * [10, 32, 100, 200]; each result's shape is checked (values are checked by the conformance
 * corpus, whose seed cases are the same statements).
 */
class TutorialTest {
    private static INDArray x;

    @BeforeAll
    static void tutorialTensor() {
        x = Nd4j.rand(DataType.DOUBLE, 10, 32, 100, 200);
    }

    @AfterAll
    static void release() {
        x.close();
    }

    /** Asserts the shape, then frees the result unless it is a view of an input. */
    private static void shape(INDArray result, long... expected) {
        assertArrayEquals(expected, result.shape());
        Nd4jMemory.closeUnlessShared(result, x);
    }

    @Test
    void transposeAndFlatten() {
        shape(Einops.rearrange(x, "b c h w -> b h w c"), 10, 100, 200, 32);
        shape(Einops.rearrange(x, "b c h w -> b (c h w)"), 10, 640000);
    }

    @Test
    void spaceToDepthAndBack() {
        Map<String, Integer> two = Map.of("h1", 2, "w1", 2);
        shape(Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", two), 10, 128, 50, 100);
        shape(Einops.rearrange(x, "b (h1 w1 c) h w -> b c (h h1) (w w1)", two), 10, 8, 200, 400);
    }

    @Test
    void globalAndMaxPooling() {
        shape(Einops.reduce(x, "b c h w -> b c", "mean"), 10, 32);
        shape(Einops.reduce(x, "b c h w -> b c", "max"), 10, 32);
        shape(Einops.reduce(x, "b c (h h1) (w w1) -> b c h w", "max", Map.of("h1", 2, "w1", 2)), 10, 32, 50, 100);
        shape(Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"), 10, 32, 50, 100);
    }

    @Test
    void oneAndThreeDimensionalPooling() {
        INDArray sequence = Nd4j.rand(DataType.DOUBLE, 10, 32, 100);
        assertArrayEquals(new long[] {10, 32, 50}, Einops.reduce(sequence, "b c (t 2) -> b c t", "max").shape());
        assertArrayEquals(new long[] {10, 32, 25},
                Einops.reduce(sequence, "b c (t t2) -> b c t", "mean", Map.of("t2", 4)).shape());
        INDArray volume = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 6, 8);
        assertArrayEquals(new long[] {2, 3, 2, 3, 4},
                Einops.reduce(volume, "b c (x 2) (y 2) (z 2) -> b c x y z", "max").shape());
        assertArrayEquals(new long[] {2, 24, 2, 3, 4}, Einops.rearrange(volume,
                "b c (x x1) (y y1) (z z1) -> b (x1 y1 z1 c) x y z", Map.of("x1", 2, "y1", 2, "z1", 2)).shape());
    }

    @Test
    void squeezeAndUnsqueeze() {
        INDArray image = Einops.rearrange(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)), "c h w -> h w c");
        assertArrayEquals(new long[] {100, 200, 3}, image.shape());
        INDArray batch = Einops.rearrange(image, "h w c -> () c h w");
        assertArrayEquals(new long[] {1, 3, 100, 200}, batch.shape());
        INDArray flat = Einops.rearrange(batch, "b c h w -> b (c h w)");
        assertArrayEquals(new long[] {1, 60000}, flat.shape());
        assertArrayEquals(new long[] {60000}, Einops.rearrange(flat, "() classes -> classes").shape());
    }

    @Test
    void keepdimsLikeReductions() {
        shape(Einops.reduce(x, "b c h w -> b c 1 1", "mean"), 10, 32, 1, 1);
        shape(Einops.reduce(x, "b c h w -> 1 c 1 1", "mean"), 1, 32, 1, 1);
    }

    @Test
    void stackingAndConcatenatingTenTensors() {
        List<INDArray> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(Nd4j.rand(DataType.DOUBLE, 32, 100, 200));
        }
        assertArrayEquals(new long[] {10, 100, 200, 32}, Einops.rearrange(list, "b c h w -> b h w c").shape());
        assertArrayEquals(new long[] {100, 200, 32, 10}, Einops.rearrange(list, "b c h w -> h w c b").shape());
        assertArrayEquals(new long[] {1000, 200, 32}, Einops.rearrange(list, "b c h w -> (b h) w c").shape());
        assertArrayEquals(new long[] {100, 200, 320}, Einops.rearrange(list, "b c h w -> h w (b c)").shape());
        list.forEach(INDArray::close);
    }

    @Test
    void channelShuffle() {
        shape(Einops.rearrange(x, "b (g1 g2 c) h w-> b (g2 g1 c) h w", Map.of("g1", 4, "g2", 4)), 10, 32, 100, 200);
        shape(Einops.rearrange(x, "b (g c) h w-> b (c g) h w", Map.of("g", 4)), 10, 32, 100, 200);
    }

    @Test
    void splittingIntoBoundingBoxes() {
        INDArray boxes = Einops.rearrange(x, "b (coord bbox) h w -> coord b bbox h w", Map.of("coord", 4, "bbox", 8));
        assertArrayEquals(new long[] {4, 10, 8, 100, 200}, boxes.shape());
        INDArray first = boxes.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0));
        assertArrayEquals(new long[] {10, 100, 200}, Einops.reduce(first, "b bbox h w -> b h w", "max").shape());
        shape(Einops.rearrange(x, "b (split c) h w -> split b c h w", Map.of("split", 2)), 2, 10, 16, 100, 200);
    }

    @Test
    void parseShapeSkipsUnderscores() {
        INDArray fiveD = Einops.rearrange(x, "b c x (y z) -> b c x y z", Map.of("z", 20));
        Map<String, Long> all = new LinkedHashMap<>();
        all.put("b", 10L);
        all.put("c", 32L);
        all.put("x", 100L);
        all.put("y", 10L);
        all.put("z", 20L);
        assertEquals(all, Einops.parseShape(fiveD, "b c x y z"));
        assertEquals(List.of("batch", "c"), List.copyOf(Einops.parseShape(fiveD, "batch c _ _ _").keySet()));
        INDArray merged = Einops.rearrange(fiveD, "b c x y z -> (b z) c x y");
        assertArrayEquals(new long[] {200, 32, 100, 10}, merged.shape());
        assertArrayEquals(new long[] {10, 32, 100, 10, 20},
                Einops.rearrange(merged, "(b z) c x y -> b c x y z", Einops.parseShape(fiveD, "b _ _ _ z")).shape());
    }

    @Test
    void stridedSplitRoundTripsToTheInput() {
        Map<String, Integer> strides = Map.of("hs", 2, "ws", 2);
        INDArray y = Einops.rearrange(x, "b c (h hs) (w ws) -> (hs ws b) c h w", strides);
        assertArrayEquals(new long[] {40, 32, 50, 100}, y.shape());
        INDArray back = Einops.rearrange(y, "(hs ws b) c h w -> b c (h hs) (w ws)", strides);
        assertTrue(back.equals(x), "the round trip gives the input back");
        Nd4jMemory.closeUnlessShared(back, x, y);
        Nd4jMemory.closeUnlessShared(y, x);
    }

    @Test
    void backpropagationExampleForward() {
        INDArray y1 = Einops.reduce(x, "b c h w -> b c", "max");
        INDArray y2 = Einops.rearrange(y1, "b c -> c b");
        INDArray y3 = Einops.reduce(y2, "c b -> ", "sum");
        assertArrayEquals(new long[] {32, 10}, y2.shape());
        assertEquals(0, y3.rank());
        assertEquals(y1.sumNumber().doubleValue(), y3.getDouble(), 1e-9);
    }
}
