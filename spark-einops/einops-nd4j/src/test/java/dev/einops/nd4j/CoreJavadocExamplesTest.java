package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.Packed;
import dev.einops.Tensors;
import dev.einops.internal.exec.EinsumExecutor;
import dev.einops.internal.exec.PlanExecutor;
import dev.einops.internal.recipe.EinsumCompiler;
import dev.einops.internal.recipe.EinsumPlan;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.internal.recipe.PlanCache;
import dev.einops.spi.Backend;
import dev.einops.spi.BackendProvider;
import dev.einops.spi.Backends;
import dev.einops.spi.HostArray;
import dev.einops.types.Reducer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Javadoc examples of einops-core that are written for ND4J arrays, run as written (between
 * the {@code example} markers) with their comments' claims asserted after them. einops-core's
 * {@code JavadocExamplesTest} checks that the copies here match its Javadoc.
 */
class CoreJavadocExamplesTest {
    /** The examples' tensor {@code x}, a field so that the Reducer example may name its parameter x. */
    private final INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);

    @Test
    void einops() {
        // example: Einops
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 32, 100, 200);               // b c h w
        Einops.rearrange(x, "b c h w -> b h w c");                             // [10, 100, 200, 32], a view
        Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2));
                                                                               // [10, 128, 50, 100]
        Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max");                 // 2x2 max-pooling
        Einops.repeat(x, "b c h w -> b c (h 2) (w 2)");                        // [10, 32, 200, 400]
        Einops.parseShape(x, "b c _ _");                                       // {b=10, c=32}
        // end example
        INDArray channelsLast = Einops.rearrange(x, "b c h w -> b h w c");
        assertArrayEquals(new long[] {10, 100, 200, 32}, channelsLast.shape());
        assertTrue(new Nd4jBackend().sharesStorage(x, channelsLast), "a view");
        assertArrayEquals(new long[] {10, 128, 50, 100},
                Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2)).shape());
        INDArray pooled = Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max");
        assertEquals(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3), org.nd4j.linalg.indexing.NDArrayIndex.point(5),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(8, 10), org.nd4j.linalg.indexing.NDArrayIndex.interval(6, 8))
                .maxNumber().floatValue(), pooled.getFloat(3, 5, 4, 3), "2x2 max-pooling");
        assertArrayEquals(new long[] {10, 32, 200, 400}, Einops.repeat(x, "b c h w -> b c (h 2) (w 2)").shape());
        assertEquals(Map.of("b", 10L, "c", 32L), Einops.parseShape(x, "b c _ _"));
    }

    @Test
    void einopsCheckShape() {
        // example: Einops#checkShape
        INDArray x = Nd4j.zeros(8, 3, 32, 32);
        Einops.checkShape(x, "b c h w", Map.of("c", 3));   // x itself; with c = 4: EinopsException, Shape mismatch, 3 != 4
        // end example
        assertSame(x, Einops.checkShape(x, "b c h w", Map.of("c", 3)));
        assertTrue(assertThrows(dev.einops.types.EinopsException.class,
                () -> Einops.checkShape(x, "b c h w", Map.of("c", 4))).getMessage().contains("Shape mismatch, 3 != 4"));
    }

    @Test
    void einopsEinsum() {
        INDArray q = Nd4j.rand(DataType.DOUBLE, 2, 5, 8);
        INDArray k = Nd4j.rand(DataType.DOUBLE, 2, 7, 8);
        INDArray a = Nd4j.rand(DataType.DOUBLE, 3, 4);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 4, 6);
        INDArray m = Nd4j.rand(DataType.DOUBLE, 5, 5);
        // example: Einops#einsum
        Einops.einsum("b i d, b j d -> b i j", q, k);    // attention scores
        Einops.einsum("i j, j k -> i k", a, b);          // a matrix product, through the backend's BLAS
        Einops.einsum("i i ->", m);                       // the trace
        // end example
        INDArray scores = Einops.einsum("b i d, b j d -> b i j", q, k);
        for (int batch = 0; batch < 2; batch++) {
            assertTrue(q.slice(batch).mmul(k.slice(batch).transpose()).equalsWithEps(scores.slice(batch), 1e-12));
        }
        assertTrue(a.mmul(b).equalsWithEps(Einops.einsum("i j, j k -> i k", a, b), 1e-12));
        assertEquals(m.getDouble(0, 0) + m.getDouble(1, 1) + m.getDouble(2, 2) + m.getDouble(3, 3) + m.getDouble(4, 4),
                Einops.einsum("i i ->", m).getDouble(0), 1e-12);
    }

    @Test
    void einopsPack() {
        INDArray image = Nd4j.rand(DataType.FLOAT, 4, 6, 3);
        INDArray mask = Nd4j.rand(DataType.FLOAT, 4, 6);
        // example: Einops#pack
        // image [h, w, 3], mask [h, w]: the mask has no axis for *, so it contributes one channel
        Packed<INDArray> p = Einops.pack(List.of(image, mask), "h w *");   // tensor [h, w, 4]
        // end example
        assertArrayEquals(new long[] {4, 6, 4}, p.tensor().shape());
        assertEquals(mask.getFloat(2, 5), p.tensor().getFloat(2, 5, 3));
    }

    @Test
    void einopsUnpack() {
        INDArray packed = Nd4j.rand(DataType.FLOAT, 4, 6, 4);
        // example: Einops#unpack
        List<INDArray> parts = Einops.unpack(packed, List.of(new long[] {3}, new long[0]), "h w *");
        // end example
        assertArrayEquals(new long[] {4, 6, 3}, parts.get(0).shape());
        assertArrayEquals(new long[] {4, 6}, parts.get(1).shape());
        assertEquals(packed.getFloat(1, 2, 3), parts.get(1).getFloat(1, 2));
    }

    @Test
    void hostArray() {
        // example: HostArray
        HostArray h = HostArray.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        INDArray x = Tensors.fromHost(h);          // a [2, 3] DOUBLE array on the default backend
        Tensors.toHost(x).doubles();                // [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
        // end example
        assertArrayEquals(new long[] {2, 3}, x.shape());
        assertEquals(DataType.DOUBLE, x.dataType());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Tensors.toHost(x).doubles());
    }

    @Test
    void packed() {
        INDArray image = Nd4j.rand(DataType.FLOAT, 4, 6, 3);
        INDArray mask = Nd4j.rand(DataType.FLOAT, 4, 6);
        // example: Packed
        Packed<INDArray> p = Einops.pack(List.of(image, mask), "h w *");   // [h, w, 3] and [h, w]
        p.tensor().shape();          // [h, w, 4]
        p.packedShapes();            // [[3], []]
        List<INDArray> parts = Einops.unpack(p.tensor(), p.packedShapes(), "h w *");
        // end example
        assertArrayEquals(new long[] {4, 6, 4}, p.tensor().shape());
        assertEquals(2, p.packedShapes().size());
        assertArrayEquals(new long[] {3}, p.packedShapes().get(0));
        assertArrayEquals(new long[0], p.packedShapes().get(1));
        assertEquals(image, parts.get(0));
        assertEquals(mask, parts.get(1));
    }

    @Test
    void reducer() {
        // example: Reducer
        Reducer<INDArray> logSumExp = (x, axes) -> Transforms.log(Transforms.exp(x).sum(axes));
        INDArray y = Einops.reduce(x, "b c h w -> b c", logSumExp);
        // end example
        INDArray want = Transforms.log(Transforms.exp(x.reshape(2, 3, 20)).sum(2));
        assertTrue(want.equalsWithEps(y, 1e-12), y.toString());
    }

    @Test
    void tensors() {
        // example: Tensors
        INDArray x = Tensors.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);   // FLOAT [2, 3]
        Tensors.shape(x);                                                       // [2, 3]
        float[] values = Tensors.toFloatArray(Einops.rearrange(x, "a b -> b a"));
        // [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]
        // end example
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new long[] {2, 3}, Tensors.shape(x));
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, values);
    }

    @Test
    void backend() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3);
        // example: Backend
        Backend<INDArray> nd4j = Backends.forTensor(x);
        nd4j.shape(nd4j.permute(x, new int[] {1, 0}));   // x's shape, reversed
        // end example
        assertArrayEquals(new long[] {3, 2}, nd4j.shape(nd4j.permute(x, new int[] {1, 0})));
    }

    @Test
    void backendProvider() {
        BackendProvider example = new dev.einops.javadoc.Nd4jBackendProvider();
        BackendProvider real = new dev.einops.nd4j.Nd4jBackendProvider();
        assertEquals(real.tensorTypeNames(), example.tensorTypeNames());
        assertEquals("nd4j", example.create().name());
        assertEquals(Backends.forTensor(Nd4j.zeros(1)).getClass(), example.create().getClass(),
                "the example makes the backend ServiceLoader finds for INDArray");
    }

    @Test
    void backends() {
        // example: Backends
        Backend<INDArray> backend = Backends.forTensor(Nd4j.zeros(2, 3));
        backend.name();   // nd4j
        // end example
        assertEquals("nd4j", backend.name());
    }

    @Test
    void einsumExecutor() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 3, 4);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 4, 2);
        // example: EinsumExecutor
        EinsumPlan plan = EinsumCompiler.compile("i j, j k -> i k", List.of(a.shape(), b.shape()));
        INDArray c = EinsumExecutor.execute(plan, Backends.forTensor(a), List.of(a, b));
        // end example
        assertTrue(a.mmul(b).equalsWithEps(c, 1e-12));
    }

    @Test
    void planExecutor() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4);
        // example: PlanExecutor
        ExecutionPlan plan = PlanCache.shared().plan(Operation.REARRANGE, "a b -> b a", List.of(), new long[0], x.shape());
        INDArray y = PlanExecutor.execute(plan, Backends.forTensor(x), x, null);
        // end example
        assertEquals(x.transpose(), y);
    }
}
