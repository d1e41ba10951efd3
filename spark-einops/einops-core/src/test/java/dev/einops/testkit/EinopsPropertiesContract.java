package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.spi.HostArray;
import dev.einops.Einops;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties every backend must have, on random calls composed from jqwik arbitraries
 * ({@link RandomPattern}, {@link RandomEinsum}, {@link RandomPack}), so that a failure shrinks to a
 * small pattern: results equal the naive loop of {@link NaiveEinops}, a rearrangement followed by
 * its inverse is the identity, patterns with and without ellipsis agree, einsum equals
 * {@link NaiveEinsum}, unpack undoes pack. A backend's test class extends this and converts tensors.
 *
 * @param <T> the backend's tensor type
 */
public abstract class EinopsPropertiesContract<T> {
    /** The backend's conversions. */
    protected abstract TensorAdapter<T> adapter();

    private T toTensor(HostArray host) {
        return adapter().toTensor(host);
    }

    /** Each property is one call whose inputs share a graph on graph backends. */
    @net.jqwik.api.lifecycle.BeforeTry
    void newCase() {
        adapter().startCase();
    }

    private HostArray toHost(T tensor) {
        return adapter().toHost(tensor);
    }

    @Provide
    Arbitrary<RandomPattern> rearranges() {
        return RandomPattern.calls(RandomPattern.Kind.REARRANGE);
    }

    @Provide
    Arbitrary<RandomPattern> reductions() {
        return RandomPattern.calls(RandomPattern.Kind.REDUCE);
    }

    @Provide
    Arbitrary<RandomPattern> repeats() {
        return RandomPattern.calls(RandomPattern.Kind.REPEAT);
    }

    @Provide
    Arbitrary<RandomEinsum> einsums() {
        return RandomEinsum.calls();
    }

    @Provide
    Arbitrary<RandomPack> packs() {
        return RandomPack.calls();
    }

    @Property(tries = 300)
    void rearrangeEqualsTheNaiveLoop(@ForAll("rearranges") RandomPattern p, @ForAll long valueSeed) {
        HostArray x = p.input(valueSeed);
        assertEquals(NaiveEinops.rearrange(x, p.pattern(), p.axes()),
                toHost(Einops.rearrange(toTensor(x), p.pattern(), p.axes())), p::toString);
    }

    @Property(tries = 300)
    void reduceEqualsTheNaiveLoop(@ForAll("reductions") RandomPattern p, @ForAll long valueSeed) {
        HostArray x = p.input(valueSeed);
        HostArray want = NaiveEinops.reduce(x, p.pattern(), p.reduction(), p.axes());
        HostArray got = toHost(Einops.reduce(toTensor(x), p.pattern(), p.reduction(), p.axes()));
        if (p.reduction() == dev.einops.types.Reduction.MEAN) {
            assertEquals(want.shape().length, got.shape().length, p::toString);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.getDouble(i), got.getDouble(i), 1e-12, p::toString);
            }
            return;
        }
        assertEquals(want, got, p::toString);
    }

    @Property(tries = 300)
    void repeatEqualsTheNaiveLoop(@ForAll("repeats") RandomPattern p, @ForAll long valueSeed) {
        HostArray x = p.input(valueSeed);
        assertEquals(NaiveEinops.repeat(x, p.pattern(), p.axes()),
                toHost(Einops.repeat(toTensor(x), p.pattern(), p.axes())), p::toString);
    }

    @Property(tries = 200)
    void rearrangeThenItsInverseIsTheIdentity(@ForAll("rearranges") RandomPattern p, @ForAll long valueSeed) {
        HostArray x = p.input(valueSeed);
        T y = Einops.rearrange(toTensor(x), p.pattern(), p.axes());
        assertEquals(x, toHost(Einops.rearrange(y, p.inversePattern(), p.allLengths())), p::toString);
    }

    @Property(tries = 200)
    void ellipsisStandsForTheAxesItReplaces(@ForAll("rearranges") RandomPattern p, @ForAll long valueSeed) {
        long[] shape = new long[p.inputShape().length + 2];
        shape[0] = 2;
        shape[1] = 3;
        System.arraycopy(p.inputShape(), 0, shape, 2, p.inputShape().length);
        HostArray x = new RandomPattern(p.left(), p.right(), shape, p.axes(), p.allLengths(), null, p.family())
                .input(valueSeed);
        Map<String, Long> axes = new LinkedHashMap<>(p.axes());
        HostArray named = toHost(Einops.rearrange(toTensor(x), "e0 e1 " + p.left() + " -> " + p.right() + " (e0 e1)", axes));
        HostArray ellipsis = toHost(Einops.rearrange(toTensor(x), "... " + p.left() + " -> " + p.right() + " (...)", axes));
        assertEquals(named, ellipsis, p::toString);
        HostArray leading = toHost(Einops.rearrange(toTensor(x), "... " + p.left() + " -> ... " + p.right(), axes));
        assertEquals(toHost(Einops.rearrange(toTensor(x), "e0 e1 " + p.left() + " -> e0 e1 " + p.right(), axes)),
                leading, p::toString);
    }

    @Property(tries = 300)
    void einsumEqualsTheNaiveLoop(@ForAll("einsums") RandomEinsum e) {
        HostArray want = NaiveEinsum.compute(e.pattern(), e.operands());
        HostArray got = toHost(Einops.einsum(e.pattern(), e.operands().stream().map(this::toTensor).toList()));
        assertSameValues(want, got, e.toString());
    }

    /** Same shape, family and values, with 0.0 equal to -0.0 (sums of products may differ in sign of zero). */
    private static void assertSameValues(HostArray want, HostArray got, String what) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(want.shape(), got.shape(), what);
        assertEquals(want.family(), got.family(), what);
        for (int i = 0; i < want.size(); i++) {
            int at = i;
            if (want.family() == dev.einops.types.DTypeFamily.INTEGER) {
                assertEquals(want.getLong(i), got.getLong(i), () -> what + " at " + at);
            } else {
                org.junit.jupiter.api.Assertions.assertTrue(want.getDouble(i) == got.getDouble(i),
                        () -> what + " at " + at + ": " + got.getDouble(at) + " != " + want.getDouble(at));
            }
        }
    }

    @Property(tries = 200)
    void packThenUnpackGivesTheTensorsBack(@ForAll("packs") RandomPack call) {
        String pattern = call.pattern();
        List<HostArray> inputs = call.inputs();
        dev.einops.Packed<T> packed = Einops.pack(inputs.stream().map(this::toTensor).toList(), pattern);
        List<T> parts = Einops.unpack(packed.tensor(), packed.packedShapes(), pattern);
        assertEquals(inputs.size(), parts.size(), call::toString);
        // pack promotes mixed types, so compare against the inputs in the packed family
        dev.einops.types.DTypeFamily family = toHost(packed.tensor()).family();
        for (int t = 0; t < inputs.size(); t++) {
            HostArray want = inputs.get(t);
            HostArray got = toHost(parts.get(t));
            org.junit.jupiter.api.Assertions.assertArrayEquals(want.shape(), got.shape(), call::toString);
            assertEquals(family, got.family(), call::toString);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.getDouble(i), got.getDouble(i), call::toString);
            }
        }
    }
}
