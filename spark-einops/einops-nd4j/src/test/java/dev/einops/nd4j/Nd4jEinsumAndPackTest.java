package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.testkit.HostArrays;
import dev.einops.Einops;
import dev.einops.spi.HostArray;
import dev.einops.Packed;
import dev.einops.Tensors;
import dev.einops.spi.HostArray;
import dev.einops.testkit.NaiveEinsum;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jEinsumAndPackTest {
    private static final Nd4jBackend ND4J = new Nd4jBackend();

    @Test
    void matrixProductMatchesMmul() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 512, 512);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 512, 512);
        INDArray c = Einops.einsum("i j, j k -> i k", a, b);
        assertTrue(c.equalsWithEps(a.mmul(b), 1e-9));
        INDArray f = Einops.einsum("i j, j k -> i k", a.castTo(DataType.FLOAT), b.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, f.dataType());
    }

    @Test
    void attentionScoresOnStridedInputs() {
        INDArray q = Nd4j.rand(DataType.DOUBLE, 3, 8, 5).permute(0, 2, 1);   // b i d with d strided
        INDArray k = Nd4j.rand(DataType.DOUBLE, 3, 6, 5);
        INDArray scores = Einops.einsum("b d i, b j d -> b i j", q, k);
        assertArrayEquals(new long[] {3, 8, 6}, scores.shape());
        HostArray want = NaiveEinsum.compute("b d i, b j d -> b i j",
                List.of(Nd4jTensors.toHost(q), Nd4jTensors.toHost(k)));
        HostArray got = Nd4jTensors.toHost(scores);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.getDouble(i), got.getDouble(i), 1e-12);
        }
    }

    @Test
    void typesPromoteAsNumpys() {
        INDArray ints = Nd4j.create(new long[] {1, 2, 3, 4}, new long[] {2, 2}, DataType.LONG);
        INDArray halves = Nd4j.create(new double[] {0.5, 0.5, 0.5, 0.5}, new long[] {2, 2}, DataType.DOUBLE);
        INDArray mixed = Einops.einsum("a b, b c -> a c", ints, halves);
        assertEquals(DataType.DOUBLE, mixed.dataType());
        assertArrayEquals(new double[] {1.5, 1.5, 3.5, 3.5}, Tensors.toDoubleArray(mixed));
        INDArray bools = Nd4j.create(new boolean[] {true, false, false, false}, new long[] {2, 2}, DataType.BOOL);
        INDArray anded = Einops.einsum("a b, b c -> a c", bools, bools);
        assertEquals(DataType.BOOL, anded.dataType());
        assertArrayEquals(new boolean[] {true, false, false, false}, Tensors.toBooleanArray(anded));
        assertEquals(DataType.LONG, Einops.einsum("a b -> a", ints).dataType());
        assertEquals(1 + 4, Einops.einsum("i i ->", ints).getLong());
    }

    @Test
    void packCopiesOnceAndUnpackGivesViews() {
        INDArray image = Nd4j.rand(DataType.FLOAT, 4, 5, 3);
        INDArray mask = Nd4j.ones(DataType.BOOL, 4, 5);
        Packed<INDArray> packed = Einops.pack(List.of(image, mask), "h w *");
        assertArrayEquals(new long[] {4, 5, 4}, packed.tensor().shape());
        assertEquals(DataType.FLOAT, packed.tensor().dataType(), "bool and float pack as float");
        List<INDArray> parts = Einops.unpack(packed.tensor(), packed.packedShapes(), "h w *");
        assertTrue(parts.get(0).equals(image));
        assertArrayEquals(new long[] {4, 5}, parts.get(1).shape());
        assertArrayEquals(new float[20], Tensors.toFloatArray(parts.get(1).sub(1)));

        INDArray rows = Nd4j.rand(DataType.DOUBLE, 6, 3);
        List<INDArray> split = Einops.unpack(rows, List.of(new long[] {2}, new long[] {-1}), "* c");
        assertTrue(ND4J.sharesStorage(rows, split.get(0)) && ND4J.sharesStorage(rows, split.get(1)),
                "splitting the first axis gives views, as numpy's does");
        assertArrayEquals(new long[] {4, 3}, split.get(1).shape());
    }

    @Test
    void conversionsReadViewsInCOrderAndKeepTypes() {
        INDArray x = Tensors.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Tensors.toFloatArray(x.permute(1, 0)));
        assertEquals(DataType.INT, Tensors.<INDArray>fromArray(new int[] {1, 2}, 2).dataType());
        assertEquals(DataType.LONG, Tensors.<INDArray>fromArray(new long[] {1, 2}, 2).dataType());
        assertEquals(DataType.BOOL, Tensors.<INDArray>fromArray(new boolean[] {true}, 1).dataType());
        assertEquals(0, Tensors.<INDArray>fromArray(new double[] {7}).rank());
        assertArrayEquals(new long[] {2, 0}, Tensors.<INDArray>fromArray(new double[0], 2, 0).shape());
        INDArray half = x.castTo(DataType.HALF);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Tensors.toDoubleArray(half));
        assertArrayEquals(new long[] {2, 3}, Tensors.toLongArray(Nd4j.create(new int[] {1, 2, 3}, new long[] {3}, DataType.INT)
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3))));
        HostArray view = Tensors.toHost(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)));
        assertArrayEquals(new double[] {4, 5, 6}, view.doubles());
        assertSame(x, Nd4jConversions.toINDArray(x));
        INDArray fromHost = Nd4jConversions.toINDArray(HostArrays.ofLongs(new long[] {2}, new long[] {3, 4}));
        assertEquals(DataType.LONG, fromHost.dataType());
        assertFalse(fromHost.isEmpty());
    }
}
