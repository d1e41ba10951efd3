package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import dev.einops.HostArray;
import dev.einops.Reduction;
import dev.einops.testkit.NaiveEinops;
import dev.einops.testkit.RandomPattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The random patterns of the property contract, widened by a leading axis so that the tensors are
 * large enough for the Java kernels (strided copy and reduction) and the buffer pool to take over.
 */
class Nd4jKernelPropertiesTest {
    private static RandomPattern widened(RandomPattern.Kind kind, long seed, long length) {
        RandomPattern p = RandomPattern.of(kind, seed);
        long size = dev.einops.testkit.HostArrays.elementCount(p.inputShape());
        return p.widened(Math.max(length, (Nd4jCopies.KERNEL_MIN_ELEMENTS + size - 1) / Math.max(1, size)), seed);
    }

    @Property(tries = 60)
    void rearrangeOfLargeTensors(@ForAll long seed, @ForAll @LongRange(min = 1, max = 300) long length) {
        RandomPattern p = widened(RandomPattern.Kind.REARRANGE, seed, length);
        HostArray x = p.input(seed);
        assertEquals(NaiveEinops.rearrange(x, p.pattern(), p.axes()),
                Nd4jTensors.toHost(Einops.rearrange(Nd4jTensors.toNd4j(x), p.pattern(), p.axes())), p::toString);
    }

    @Property(tries = 60)
    void repeatOfLargeTensors(@ForAll long seed, @ForAll @LongRange(min = 1, max = 300) long length) {
        RandomPattern p = widened(RandomPattern.Kind.REPEAT, seed, length);
        HostArray x = p.input(seed);
        assertEquals(NaiveEinops.repeat(x, p.pattern(), p.axes()),
                Nd4jTensors.toHost(Einops.repeat(Nd4jTensors.toNd4j(x), p.pattern(), p.axes())), p::toString);
    }

    @Property(tries = 60)
    void reduceOfLargeTensors(@ForAll long seed, @ForAll @LongRange(min = 1, max = 300) long length) {
        RandomPattern p = widened(RandomPattern.Kind.REDUCE, seed, length);
        HostArray x = p.input(seed);
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
}
