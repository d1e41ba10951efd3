package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class StridedKernelsTest {
    /** A view with offset, a permutation and a step: the layouts the engine hands the kernels. */
    private static INDArray awkwardView(DataType type, Random random) {
        INDArray base = Nd4j.arange(3 * 40 * 6 * 7 * 5).castTo(DataType.DOUBLE).remainder(97).castTo(type)
                .reshape('c', 3, 40, 6, 7, 5);
        INDArray sliced = base.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(3, 39),
                NDArrayIndex.all(), NDArrayIndex.interval(1, 7), NDArrayIndex.all());
        int[] order = {4, 2, 0, 3, 1};
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return sliced.permute(order);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF", "LONG", "INT", "SHORT", "BYTE", "BOOL"})
    void copiesEveryWidthAndLayout(DataType type) {
        Random random = new Random(type.ordinal());
        for (int trial = 0; trial < 8; trial++) {
            INDArray view = awkwardView(type, random);
            INDArray out = Nd4j.createUninitialized(type, view.shape(), 'c');
            StridedCopy.copy(StridedRegion.of(view), StridedRegion.of(out));
            assertEquals(view.dup('c'), out, "trial " + trial);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "SHORT", "BYTE"})
    void copiesLargeTransposesThroughTiles(DataType type) {
        // tiles are 32 x 32: lengths that are not multiples of 32 check the edges
        INDArray m = Nd4j.arange(301 * 77).castTo(DataType.DOUBLE).remainder(113).castTo(type).reshape('c', 301, 77);
        INDArray out = Nd4j.createUninitialized(type, new long[] {77, 301}, 'c');
        StridedCopy.copy(StridedRegion.of(m.transpose()), StridedRegion.of(out));
        assertEquals(m.transpose().dup('c'), out);
        INDArray cube = Nd4j.arange(3 * 45 * 70).castTo(type).reshape('c', 3, 45, 70).permute(2, 0, 1);
        INDArray out3 = Nd4j.createUninitialized(type, cube.shape(), 'c');
        StridedCopy.copy(StridedRegion.of(cube), StridedRegion.of(out3));
        assertEquals(cube.dup('c'), out3);
    }

    /** An array of {@code shape} whose memory is laid out in the axis order {@code order}. */
    private static INDArray laidOut(DataType type, long[] shape, int[] order) {
        long[] physical = new long[shape.length];
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            physical[i] = shape[order[i]];
            inverse[order[i]] = i;
        }
        return Nd4j.zeros(type, physical).permute(inverse);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF", "INT", "BYTE"})
    void copiesBetweenTwoStridedLayouts(DataType type) {
        Random random = new Random(31 + type.ordinal());
        for (int trial = 0; trial < 12; trial++) {
            INDArray view = awkwardView(type, random);
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
            Collections.shuffle(order, random);
            INDArray target = laidOut(type, view.shape(), order.stream().mapToInt(Integer::intValue).toArray());
            StridedCopy.copy(StridedRegion.of(view), StridedRegion.of(target));
            assertEquals(view.dup('c'), target.dup('c'), "trial " + trial + ", target order " + order);
        }
    }

    /** Tiles, gathers and scatters: short sides of 1 to 6, odd long sides past a whole tile (1024), both ways. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "SHORT", "BYTE"})
    void copiesEveryShapeOfTwoInnerAxes(DataType type) {
        for (long k : new long[] {1, 2, 3, 4, 5, 6, 67}) {
            for (long n : new long[] {5, 63, 130, 2101}) {
                INDArray x = Nd4j.arange(3 * n * k).castTo(DataType.DOUBLE).remainder(127).castTo(type).reshape('c', 3, n, k);
                for (int[] p : new int[][] {{0, 2, 1}, {2, 0, 1}, {1, 2, 0}}) {
                    INDArray view = x.permute(p);
                    INDArray out = Nd4j.createUninitialized(type, view.shape(), 'c');
                    StridedCopy.copy(StridedRegion.of(view), StridedRegion.of(out));
                    assertEquals(view.dup('c'), out, k + " x " + n + " read through " + Arrays.toString(p));
                    INDArray back = Nd4j.zeros(type, x.shape());
                    StridedCopy.copy(StridedRegion.of(out), StridedRegion.of(back.permute(p)));
                    assertEquals(x, back, k + " x " + n + " written through " + Arrays.toString(p));
                }
            }
        }
    }

    @Test
    void copiesOfRank16AndMore() {
        long[] shape = new long[18];
        Arrays.fill(shape, 2);
        shape[3] = 3;
        shape[17] = 33;
        long n = Arrays.stream(shape).reduce(1, (p, q) -> p * q);
        INDArray x = Nd4j.arange(n).castTo(DataType.FLOAT).reshape('c', shape);
        int[] reversed = IntStream.range(0, 18).map(i -> 17 - i).toArray();
        INDArray view = x.permute(reversed);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, view.shape(), 'c');
        StridedCopy.copy(StridedRegion.of(view), StridedRegion.of(out));
        long[] at = new long[18];
        long[] source = new long[18];
        for (int probe = 0; probe < 50; probe++) {
            for (int i = 0; i < 18; i++) {
                at[i] = (probe * 7L + i * 3L) % view.shape()[i];
                source[reversed[i]] = at[i];
            }
            assertEquals(x.getFloat(source), out.getFloat(at), Arrays.toString(at));
        }
    }

    @Test
    void broadcastsWithZeroStrides() {
        INDArray source = Nd4j.arange(300).castTo(DataType.FLOAT).reshape('c', 3, 1, 100, 1);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {3, 4, 100, 2}, 'c');
        Nd4jCopies.broadcastInto(source, out);
        for (int r = 0; r < 4; r++) {
            for (int w = 0; w < 2; w++) {
                assertEquals(source.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(0)),
                        out.get(NDArrayIndex.all(), NDArrayIndex.point(r), NDArrayIndex.all(), NDArrayIndex.point(w)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"MIN", "MAX", "SUM", "MEAN", "PROD"})
    void reducesViewsOverAnyAxes(Reduction reduction) {
        Random random = new Random(reduction.ordinal());
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (int trial = 0; trial < 6; trial++) {
                INDArray view = awkwardView(type, random).div(50);
                INDArray strided = awkwardView(type, random);
                strided.assign(view);
                int[] axes = random.ints(0, 5).distinct().limit(1 + random.nextInt(4)).sorted().toArray();
                INDArray want = switch (reduction) {
                    case MIN -> strided.min(axes);
                    case MAX -> strided.max(axes);
                    case SUM -> strided.sum(axes);
                    case MEAN -> strided.mean(axes);
                    default -> strided.prod(axes);
                };
                INDArray out = Nd4j.createUninitialized(type, want.shape(), 'c');
                StridedReduce.reduce(StridedRegion.of(strided), axes, reduction, StridedRegion.of(out));
                assertTrue(want.castTo(DataType.DOUBLE).equalsWithEps(out.castTo(DataType.DOUBLE),
                        type == DataType.FLOAT ? 1e-2 : 1e-9), reduction + " " + type + " over " + java.util.Arrays.toString(axes));
            }
        }
    }

    @Test
    void nanPropagatesThroughMaxAndMin() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, 4, 2000);
        x.putScalar(new long[] {1, 1500}, Double.NaN);
        INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {4}, 'c');
        StridedReduce.reduce(StridedRegion.of(x), new int[] {1}, Reduction.MAX, StridedRegion.of(out));
        assertTrue(Double.isNaN(out.getDouble(1)));
        assertEquals(1.0, out.getDouble(0));
        StridedReduce.reduce(StridedRegion.of(x.transpose()), new int[] {0}, Reduction.MIN, StridedRegion.of(out));
        assertTrue(Double.isNaN(out.getDouble(1)));
    }

    @Test
    void releasedMemoryIsReusedAndBounded() {
        BufferPool pool = new BufferPool(8L << 20);
        INDArray a = pool.uninitialized(DataType.DOUBLE, new long[] {512, 512});   // 2 MiB
        long address = a.data().address();
        assertTrue(pool.release(a));
        assertEquals(2L << 20, pool.pooledBytes());
        INDArray b = pool.uninitialized(DataType.DOUBLE, new long[] {256, 1024});
        assertEquals(address, b.data().address(), "same type and length: the memory comes back");
        assertArrayEquals(new long[] {256, 1024}, b.shape());
        assertEquals(0, pool.pooledBytes());
        INDArray view = b.get(NDArrayIndex.interval(0, 128));
        assertFalse(pool.release(view) && pool.pooledBytes() > 0, "a part of an array does not own its memory");
        INDArray whole = b.reshape('c', 512, 512);
        assertTrue(pool.release(whole), "a reshape of a whole array gives its memory back");
        assertEquals(2L << 20, pool.pooledBytes());
        assertEquals(address, pool.uninitialized(DataType.DOUBLE, new long[] {512, 512}).data().address());
        for (int i = 0; i < 6; i++) {
            pool.release(Nd4j.create(DataType.DOUBLE, 512, 512));
        }
        assertTrue(pool.pooledBytes() <= 8L << 20, "the pool stays within its bound");
        INDArray small = Nd4j.create(DataType.DOUBLE, 10);
        assertTrue(pool.release(small));
        assertTrue(small.wasClosed(), "small arrays are simply closed");
    }

    @Test
    void memoryReleasedTwiceIsHandedOutOnce() {
        BufferPool pool = new BufferPool(8L << 20);
        INDArray a = pool.uninitialized(DataType.DOUBLE, new long[] {512, 512});
        assertTrue(pool.release(a));
        assertFalse(pool.release(a), "the second release of the same array");
        assertFalse(pool.release(a.reshape('c', 256, 1024)), "nor a reshape of it");
        assertEquals(2L << 20, pool.pooledBytes());
        INDArray first = pool.uninitialized(DataType.DOUBLE, new long[] {512, 512});
        INDArray second = pool.uninitialized(DataType.DOUBLE, new long[] {512, 512});
        assertNotEquals(first.data().address(), second.data().address(), "two arrays never share memory");
    }

    @Test
    void insideAWorkspaceTheWorkspaceProvidesMemory() {
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(64L << 20).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "einops-test")) {
            INDArray x = BufferPool.SHARED.uninitialized(DataType.DOUBLE, new long[] {1024, 512});
            assertTrue(x.isAttached());
            assertSame(ws, Nd4j.getMemoryManager().getCurrentWorkspace());
        }
    }
}
