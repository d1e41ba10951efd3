package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import dev.einops.spi.HostArray;
import dev.einops.testkit.NaiveEinops;
import dev.einops.testkit.RandomPattern;
import dev.einops.types.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The random patterns of the property contract, widened by a leading axis so that the tensors are
 * large enough for the Java kernels (strided copy and reduction) and the buffer pool to take over.
 */
class Nd4jKernelPropertiesTest {
    /**
     * A random call widened by a leading axis of at least {@code length}, and long enough that the
     * input reaches the kernels' threshold; it goes to output position {@code position}, or is
     * reduced when {@code reduceIt} and the call reduces.
     */
    private static Arbitrary<RandomPattern> widened(RandomPattern.Kind kind) {
        return Combinators.combine(RandomPattern.calls(kind), Arbitraries.longs().between(1, 300),
                Arbitraries.integers().between(0, 5), Arbitraries.of(false, true)).as((p, length, position, reduceIt) -> {
                    long size = dev.einops.testkit.HostArrays.elementCount(p.inputShape());
                    long atLeast = (Nd4jCopies.KERNEL_MIN_ELEMENTS + size - 1) / Math.max(1, size);
                    return p.widened(Math.max(length, atLeast), position, reduceIt);
                });
    }

    @Provide
    Arbitrary<RandomPattern> largeRearranges() {
        return widened(RandomPattern.Kind.REARRANGE);
    }

    @Provide
    Arbitrary<RandomPattern> largeRepeats() {
        return widened(RandomPattern.Kind.REPEAT);
    }

    @Provide
    Arbitrary<RandomPattern> largeReductions() {
        return widened(RandomPattern.Kind.REDUCE);
    }

    @Property(tries = 60)
    void rearrangeOfLargeTensors(@ForAll("largeRearranges") RandomPattern p, @ForAll long valueSeed) {
        HostArray x = p.input(valueSeed);
        assertEquals(NaiveEinops.rearrange(x, p.pattern(), p.axes()),
                Nd4jTensors.toHost(Einops.rearrange(Nd4jTensors.toNd4j(x), p.pattern(), p.axes())), p::toString);
    }

    @Property(tries = 60)
    void repeatOfLargeTensors(@ForAll("largeRepeats") RandomPattern p, @ForAll long valueSeed) {
        HostArray x = p.input(valueSeed);
        assertEquals(NaiveEinops.repeat(x, p.pattern(), p.axes()),
                Nd4jTensors.toHost(Einops.repeat(Nd4jTensors.toNd4j(x), p.pattern(), p.axes())), p::toString);
    }

    @Property(tries = 60)
    void reduceOfLargeTensors(@ForAll("largeReductions") RandomPattern p, @ForAll long valueSeed) {
        HostArray x = p.input(valueSeed);
        HostArray want = NaiveEinops.reduce(x, p.pattern(), p.reduction(), p.axes());
        HostArray got = Nd4jTensors.toHost(Einops.reduce(Nd4jTensors.toNd4j(x), p.pattern(), p.reduction(), p.axes()));
        assertArrayEquals(want.shape(), got.shape(), p::toString);
        assertEquals(want.family(), got.family(), p::toString);
        for (int i = 0; i < want.size(); i++) {
            double w = want.getDouble(i);
            double tolerance = p.reduction() == Reduction.PROD || p.reduction() == Reduction.MEAN
                    ? 1e-9 * Math.max(1, Math.abs(w)) : 0;
            assertEquals(w, got.getDouble(i), tolerance, p::toString);
        }
    }

    /**
     * The input's leading axis as a list of its parts: views of a C-order copy, or (strided) views
     * of an F-order one.
     */
    private static List<INDArray> asList(HostArray x, boolean strided) {
        INDArray whole = Nd4jTensors.toNd4j(x).dup(strided ? 'f' : 'c');
        List<INDArray> parts = new ArrayList<>();
        for (long i = 0; i < x.shape()[0]; i++) {
            INDArrayIndex[] at = new INDArrayIndex[x.shape().length];
            Arrays.fill(at, NDArrayIndex.all());
            at[0] = NDArrayIndex.point(i);
            parts.add(whole.get(at));
        }
        return parts;
    }

    @Property(tries = 60)
    void rearrangeOfLargeLists(@ForAll("largeRearranges") RandomPattern p, @ForAll long valueSeed, @ForAll boolean strided) {
        HostArray x = p.input(valueSeed);
        assertEquals(NaiveEinops.rearrange(x, p.pattern(), p.axes()),
                Nd4jTensors.toHost(Einops.rearrange(asList(x, strided), p.pattern(), p.axes())), p::toString);
    }

    @Property(tries = 30)
    void repeatOfLargeLists(@ForAll("largeRepeats") RandomPattern p, @ForAll long valueSeed, @ForAll boolean strided) {
        HostArray x = p.input(valueSeed);
        assertEquals(NaiveEinops.repeat(x, p.pattern(), p.axes()),
                Nd4jTensors.toHost(Einops.repeat(asList(x, strided), p.pattern(), p.axes())), p::toString);
    }
}
