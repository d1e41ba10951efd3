package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.testkit.HostArrays;
import dev.einops.Einops;
import dev.einops.types.EinopsException;
import dev.einops.types.Reducer;
import dev.einops.types.Reduction;
import dev.einops.spi.Backend;
import dev.einops.spi.Backends;
import dev.einops.spi.HostArray;
import dev.einops.testkit.NaiveEinops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class Nd4jBackendTest {
    private static final Backend<INDArray> ND4J = new Nd4jBackend();

    private static INDArray arange(DataType type, long... shape) {
        long n = HostArrays.elementCount(shape);
        return Nd4j.arange(n).castTo(type).reshape('c', shape);
    }

    @Test
    void isFoundThroughServiceLoader() {
        assertEquals("nd4j", Backends.forTensor(Nd4j.zeros(2)).name());
    }

    @Test
    void permutationsAndSplitsOrMergesAreViews() {
        INDArray x = arange(DataType.DOUBLE, 2, 3, 4, 5);
        INDArray t = Einops.rearrange(x, "b c h w -> b h w c");
        assertArrayEquals(new long[] {2, 4, 5, 3}, t.shape());
        assertTrue(ND4J.sharesStorage(x, t));
        assertTrue(ND4J.sharesStorage(x, Einops.rearrange(x, "b c h w -> b (c h w)")));
        assertTrue(ND4J.sharesStorage(x, Einops.rearrange(x, "b c h (w1 w2) -> b c h w1 w2", Map.of("w1", 5))));
        assertTrue(ND4J.sharesStorage(x, Einops.rearrange(x, "b c h w -> b c () h w")));
        assertSame(x, Einops.rearrange(x, "b c h w -> b c h w"));
        t.putScalar(new long[] {0, 0, 0, 1}, 100.0);
        assertEquals(100.0, x.getDouble(0, 1, 0, 0), "a view writes through, as numpy's does");
    }

    @Test
    void layoutChangesCopy() {
        INDArray x = arange(DataType.DOUBLE, 2, 3, 4, 5);
        INDArray y = Einops.rearrange(x, "b c h w -> b (h w c)");
        assertFalse(ND4J.sharesStorage(x, y));
        assertEquals(Nd4jTensors.toHost(x.permute(0, 2, 3, 1).dup('c').reshape('c', 2, 60)), Nd4jTensors.toHost(y));
    }

    @Test
    void stridedInputsAreRead() {
        INDArray x = arange(DataType.DOUBLE, 4, 6).permute(1, 0).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 5), org.nd4j.linalg.indexing.NDArrayIndex.all());
        HostArray host = Nd4jTensors.toHost(x);
        assertEquals(NaiveEinops.rearrange(host, "(a b) c -> c b a", Map.of("a", 2L)),
                Nd4jTensors.toHost(Einops.rearrange(x, "(a b) c -> c b a", Map.of("a", 2))));
        assertEquals(NaiveEinops.reduce(host, "a c -> c", Reduction.MAX, Map.of()),
                Nd4jTensors.toHost(Einops.reduce(x, "a c -> c", "max")));
    }

    /** Every numeric ND4J type: values survive, reductions give numpy's result types. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF", "BFLOAT16", "LONG", "INT", "SHORT",
            "BYTE", "UBYTE", "UINT16", "UINT32", "UINT64", "BOOL"})
    void everyDataType(DataType type) {
        long[] values = LongStream.range(0, 24).map(i -> (i * 7) % 5).toArray();   // non-negative: unsigned types too
        INDArray x = Nd4j.create(values, new long[] {2, 3, 4}, DataType.LONG).castTo(type);
        HostArray reference = Nd4jTensors.toHost(x.castTo(type == DataType.BOOL ? DataType.BOOL
                : type.isFPType() ? DataType.DOUBLE : DataType.LONG));
        INDArray r = Einops.rearrange(x, "a b c -> c (a b)");
        assertEquals(type, r.dataType());
        assertEquals(NaiveEinops.rearrange(reference, "a b c -> c (a b)", Map.of()), widen(r));
        INDArray rep = Einops.repeat(x, "a b c -> a b c 2");
        assertEquals(type, rep.dataType());
        assertEquals(NaiveEinops.repeat(reference, "a b c -> a b c 2", Map.of()), widen(rep));
        for (Reduction reduction : Reduction.values()) {
            if (reduction == Reduction.MEAN && !type.isFPType()) {
                EinopsException e = assertThrows(EinopsException.class, () -> Einops.reduce(x, "a b c -> a", reduction));
                assertTrue(e.reason().startsWith("mean is not available"), e.getMessage());
                continue;
            }
            INDArray y = Einops.reduce(x, "a b c -> a", reduction);
            assertEquals(Nd4jTypes.resultType(reduction, type), y.dataType(), reduction + " of " + type);
            HostArray want = NaiveEinops.reduce(reference, "a b c -> a", reduction, Map.of());
            HostArray got = widen(y);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.getDouble(i), got.getDouble(i), type.isFPType() ? 0.05 * Math.abs(want.getDouble(i)) : 0,
                        reduction + " of " + type);
            }
        }
    }

    private static HostArray widen(INDArray y) {
        DataType type = y.dataType();
        return Nd4jTensors.toHost(y.castTo(type == DataType.BOOL ? DataType.BOOL
                : type.isFPType() ? DataType.DOUBLE : DataType.LONG));
    }

    @Test
    void reducingSingleElementsStillConvertsTheType() {
        INDArray x = Nd4j.create(new double[] {3, 0, -2.25, 1}, new long[] {2, 1, 2}, DataType.DOUBLE);
        INDArray all = Einops.reduce(x, "a b c -> a c", "all");
        assertEquals(DataType.BOOL, all.dataType());
        assertEquals("[true, false, true, true]", java.util.Arrays.toString(Nd4jTensors.toHost(all).booleans()));
        INDArray bools = x.neq(0);
        INDArray sum = Einops.reduce(bools, "a b c -> a c", "sum");
        assertEquals(DataType.LONG, sum.dataType());
        assertArrayEquals(new long[] {1, 0, 1, 1}, Nd4jTensors.toHost(sum).longs());
        INDArray max = Einops.reduce(x, "a b c -> c a", "max");
        assertArrayEquals(new double[] {3, -2.25, 0, 1}, Nd4jTensors.toHost(max).doubles());
        assertFalse(ND4J.sharesStorage(x, max), "a reduction returns a new array");
    }

    @Test
    void emptyReductionsUseNumpysIdentities() {
        INDArray e = Nd4j.create(DataType.DOUBLE, 2, 0, 3);
        assertArrayEquals(new double[6], Nd4jTensors.toHost(Einops.reduce(e, "a b c -> a c", "sum")).doubles());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1},
                Nd4jTensors.toHost(Einops.reduce(e, "a b c -> a c", "prod")).doubles());
        assertEquals("[true, true, true, true, true, true]",
                java.util.Arrays.toString(Nd4jTensors.toHost(Einops.reduce(e, "a b c -> a c", "all")).booleans()));
        assertArrayEquals(new long[] {0, 3}, Einops.reduce(e, "a b c -> b c", "max").shape());
        EinopsException max = assertThrows(EinopsException.class, () -> Einops.reduce(e, "a b c -> a c", "max"));
        assertTrue(max.reason().contains("no identity"), max.getMessage());
        assertTrue(max.getMessage().contains("[2, 0, 3]"), max.getMessage());
    }

    @Test
    void listsAreStackedWithNumpysTypePromotion() {
        INDArray a = Nd4j.create(new long[] {1, 2}, new long[] {2}, DataType.LONG);
        INDArray b = Nd4j.create(new double[] {0.5, 1.5}, new long[] {2}, DataType.DOUBLE);
        INDArray c = Nd4j.create(new boolean[] {true, false}, new long[] {2}, DataType.BOOL);
        INDArray ab = Einops.rearrange(List.of(a, b), "n x -> x n");
        assertEquals(DataType.DOUBLE, ab.dataType());
        assertArrayEquals(new double[] {1, 0.5, 2, 1.5}, Nd4jTensors.toHost(ab).doubles());
        INDArray ca = Einops.rearrange(List.of(c, a), "n x -> (n x)");
        assertEquals(DataType.LONG, ca.dataType());
        assertArrayEquals(new long[] {1, 0, 1, 2}, Nd4jTensors.toHost(ca).longs());
        INDArray scalars = Einops.rearrange(List.of(Nd4j.scalar(1.0), Nd4j.scalar(2.0)), "n -> n");
        assertArrayEquals(new double[] {1, 2}, Nd4jTensors.toHost(scalars).doubles());
        EinopsException e = assertThrows(EinopsException.class,
                () -> Einops.rearrange(List.of(a, Nd4j.zeros(3)), "n x -> x n"));
        assertTrue(e.reason().contains("tensor 0 has [2] and tensor 1 has [3]"), e.getMessage());
    }

    @Test
    void aListIsCopiedOnceStraightIntoThePermutedLayout() {
        List<INDArray> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(arange(DataType.FLOAT, 32, 20, 40).addi(i * 100_000));   // 100 KiB each, 1 MiB stacked
        }
        INDArray stacked = Nd4j.stack(0, list.toArray(new INDArray[0]));
        for (String pattern : List.of("b c h w -> b h w c", "b c (h h1) (w w1) -> b (h1 w1 c) h w",
                "b c h w -> h (b w) c", "(b1 b2) c h w -> (b2 c) (b1 h) w", "b c h w -> b c h w")) {
            Map<String, Integer> lengths = Map.of("h1", 2, "w1", 2, "b1", 2);
            Map<String, Integer> used = new java.util.HashMap<>();
            lengths.forEach((k, v) -> {
                if (pattern.contains(k)) {
                    used.put(k, v);
                }
            });
            INDArray y = Einops.rearrange(list, pattern, used);
            assertEquals(Einops.rearrange(stacked, pattern, used).dup('c'), y, pattern);
            assertTrue(Nd4jCopies.isCContiguous(y), pattern + ": one array in the result's own order");
            assertTrue(Nd4jMemory.closeUnlessShared(y, list.toArray(new INDArray[0])), pattern + ": it releases");
        }
    }

    @Test
    void aListWhoseAxesNoSplitCanMatchIsStackedFirst() {
        assertArrayEquals(new long[] {10, 32, 100, 2, 100}, Nd4jCopies.commonSplit(new long[] {10, 32, 100, 200},
                new long[] {320, 100, 2, 100}));
        assertArrayEquals(new long[] {1, 6, 1, 4}, Nd4jCopies.commonSplit(new long[] {1, 6, 4}, new long[] {6, 1, 4}));
        assertEquals(null, Nd4jCopies.commonSplit(new long[] {2, 3}, new long[] {3, 2}));
        assertEquals(null, Nd4jCopies.commonSplit(new long[] {6, 1}, new long[] {6}));
        assertEquals(null, Nd4jCopies.commonSplit(new long[] {0, 4}, new long[] {4, 0}));
        // the backend falls back to stacking and rearranging when the shapes share no split
        INDArray a = arange(DataType.DOUBLE, 3);
        INDArray b = arange(DataType.DOUBLE, 3).addi(10);
        INDArray s = ND4J.stack(List.of(a, b), new long[] {3, 2}, new int[] {1, 0});
        assertEquals(Nd4j.createFromArray(new double[][] {{0, 2, 11}, {1, 10, 12}}), s);
    }

    @Test
    void listsOfRank16AndMoreAreStackedInJava() {
        long[] item = new long[16];
        java.util.Arrays.fill(item, 2);
        item[15] = 64;
        List<INDArray> list = List.of(arange(DataType.DOUBLE, item), arange(DataType.DOUBLE, item).neg());
        String axes = String.join(" ", java.util.stream.IntStream.range(0, 16).mapToObj(i -> "a" + i).toList());
        String reversed = String.join(" ", java.util.stream.IntStream.range(0, 16).mapToObj(i -> "a" + (15 - i)).toList());
        INDArray y = Einops.rearrange(list, "n " + axes + " -> " + reversed + " n");
        assertEquals(-arange(DataType.DOUBLE, item).getDouble(1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 63),
                y.getDouble(63, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1));
        assertTrue(Nd4jCopies.isCContiguous(y));
    }

    @Test
    void intermediatesAreReleasedAndTheResultIsNot() {
        List<INDArray> reduced = new ArrayList<>();
        Reducer<INDArray> recordingSum = (t, axes) -> {
            INDArray r = t.sum(axes);
            reduced.add(r);
            return r;
        };
        INDArray x = arange(DataType.DOUBLE, 2, 3, 4);
        INDArray y = Einops.reduce(x, "a b c -> (c a)", recordingSum);
        assertEquals(1, reduced.size());
        assertTrue(reduced.get(0).wasClosed(), "the reduced intermediate was copied into the result and freed");
        assertFalse(y.wasClosed());
        assertFalse(x.wasClosed(), "the caller's input is never released");
        assertEquals(NaiveEinops.reduce(Nd4jTensors.toHost(x), "a b c -> (c a)", Reduction.SUM, Map.of()),
                Nd4jTensors.toHost(y));

        reduced.clear();
        INDArray view = Einops.reduce(x, "a b c -> c a", recordingSum);
        assertFalse(reduced.get(0).wasClosed(), "the result is a view of the reduced array, which stays alive");
        assertTrue(ND4J.sharesStorage(view, reduced.get(0)));
    }

    @Test
    void customReducersMustDropExactlyTheReducedAxes() {
        INDArray x = arange(DataType.DOUBLE, 2, 3);
        EinopsException e = assertThrows(EinopsException.class,
                () -> Einops.reduce(x, "a b -> a", (Reducer<INDArray>) (t, axes) -> t));
        assertTrue(e.reason().contains("returned shape [2, 3], expected [2]"), e.getMessage());
        assertTrue(e.getMessage().contains("custom-reduction"), e.getMessage());
    }

    @Test
    void highRankCopiesAreSafe() {
        // libnd4j aborts the JVM on strided copies of rank 16 or more; the backend copies in Java.
        int rank = 17;
        long[] shape = new long[rank];
        java.util.Arrays.fill(shape, 2);
        String axes = IntStream.range(0, rank).mapToObj(i -> "a" + i).collect(Collectors.joining(" "));
        String reversed = IntStream.range(0, rank).mapToObj(i -> "a" + (rank - 1 - i)).collect(Collectors.joining(" "));
        INDArray x = arange(DataType.DOUBLE, shape);
        HostArray host = Nd4jTensors.toHost(x);
        String flatten = axes + " -> (" + reversed + ")";
        assertEquals(NaiveEinops.rearrange(host, flatten, Map.of()), Nd4jTensors.toHost(Einops.rearrange(x, flatten)));
        INDArray small = arange(DataType.DOUBLE, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 3);
        String sixteen = "a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 a14 a15 a16";
        String repeat = sixteen + " -> a0 a1 a2 a3 a4 a5 a6 a7 a16 a9 a10 a11 a12 a13 a14 a15 a8 r";
        assertEquals(NaiveEinops.repeat(Nd4jTensors.toHost(small), repeat, Map.of("r", 2L)),
                Nd4jTensors.toHost(Einops.repeat(small, repeat, Map.of("r", 2))));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "INT", "LONG", "BOOL"})
    void highRankViewsAreReducedSafely(DataType type) {
        // Reductions of one element (dup/castTo) and widening sums (castTo LONG) are strided copies too.
        int rank = 17;
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = i % 2 == 0 ? 2 : 1;
        }
        int[] reversedAxes = IntStream.range(0, rank).map(i -> rank - 1 - i).toArray();
        // small values keep float products exact
        INDArray view = Nd4j.arange(512).remainder(5).castTo(type).reshape('c', shape).permute(reversedAxes);
        HostArray host = ND4J.toHost(view);   // the test's own converter dup()s, which crashes here
        String axes = IntStream.range(0, rank).mapToObj(i -> "a" + i).collect(Collectors.joining(" "));
        for (int[] reduced : new int[][] {{1}, {1, 3}, {0}, {0, 1, 16}}) {
            String kept = IntStream.range(0, rank)
                    .filter(i -> IntStream.of(reduced).noneMatch(r -> r == i))
                    .mapToObj(i -> "a" + i).collect(Collectors.joining(" "));
            for (Reduction reduction : Reduction.values()) {
                if (reduction == Reduction.MEAN && !type.isFPType()) {
                    continue;
                }
                String pattern = axes + " -> " + kept;
                assertEquals(NaiveEinops.reduce(host, pattern, reduction, Map.of()),
                        ND4J.toHost(ND4J.reduce(view, reduction, reduced)), reduction + " " + pattern);
            }
        }
    }

    @Test
    void oneElementViewsOfAnyOrderBecomeScalars() {
        INDArray fOrdered = Nd4j.arange(12).castTo(DataType.DOUBLE).reshape('f', 3, 4)
                .get(NDArrayIndex.interval(2, 3), NDArrayIndex.interval(1, 2));
        INDArray transposed = arange(DataType.DOUBLE, 3, 4).transpose()
                .get(NDArrayIndex.interval(3, 4), NDArrayIndex.interval(2, 3));
        for (INDArray view : List.of(fOrdered, transposed)) {
            double value = view.getDouble(0, 0);
            INDArray scalar = ND4J.reshape(view, new long[0]);
            assertEquals(0, scalar.rank());
            assertEquals(value, scalar.getDouble(0));
            assertEquals(value, Einops.reduce(view, "a b -> ", "sum").getDouble(0));
        }
    }

    @Test
    void arraysAreMadeInCOrderWhateverNd4jsDefault() {
        char before = Nd4j.order();
        Nd4j.factory().setOrder('f');
        try {
            INDArray x = ND4J.fromArray(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3});
            assertEquals(3.0, x.getDouble(0, 2));
            assertEquals('c', x.ordering());
            BufferPool pool = new BufferPool(8L << 20);
            pool.release(pool.uninitialized(DataType.DOUBLE, new long[] {512, 512}));
            INDArray reused = pool.uninitialized(DataType.DOUBLE, new long[] {256, 1024});
            assertEquals('c', reused.ordering());
            assertArrayEquals(new long[] {1024, 1}, reused.stride());
        } finally {
            Nd4j.factory().setOrder(before);
        }
    }

    @Test
    void resultsAboveRank32AreRejected() {
        String units = String.join(" ", java.util.Collections.nCopies(32, "1"));
        EinopsException e = assertThrows(EinopsException.class, () -> Einops.rearrange(Nd4j.zeros(2), "a -> a " + units));
        assertTrue(e.reason().contains("rank 32 at most"), e.getMessage());
    }

    @Test
    void stringArraysAreRejectedClearly() {
        INDArray strings = Nd4j.create("a", "b");
        EinopsException e = assertThrows(EinopsException.class, () -> Einops.reduce(strings, "a -> ", "max"));
        assertTrue(e.reason().contains("UTF8"), e.getMessage());
    }

    @Test
    void errorsNameTheCall() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 12);
        EinopsException e = assertThrows(EinopsException.class,
                () -> Einops.rearrange(x, "b (h w) -> b h w", Map.of("h", 5)));
        assertEquals("Error while processing rearrange pattern \"b (h w) -> b h w\": Shape mismatch, can't divide"
                + " axis of length 12 in chunks of 5: input axis 1 is (h w)\n Input tensor shape: [2, 12]."
                + " Axes lengths: {h=5}.", e.getMessage());
        assertEquals("rearrange", e.operation());
        assertEquals("[2, 12]", e.inputShape());
        assertEquals(Map.of("h", 5), e.axesLengths());
        EinopsException unknown = assertThrows(EinopsException.class, () -> Einops.reduce(x, "a b -> a", "median"));
        assertTrue(unknown.getMessage().startsWith("Error while processing median-reduction pattern"), unknown.getMessage());
        assertEquals("Unknown reduction 'median'. Expected one of min, max, sum, mean, prod, any, all.", unknown.reason());
        EinopsException notInteger = assertThrows(EinopsException.class,
                () -> Einops.rearrange(x, "b (h w) -> b h w", Map.of("h", 2.5)));
        assertTrue(notInteger.reason().contains("must be an integer, got 2.5 (Double)"), notInteger.getMessage());
    }
}
