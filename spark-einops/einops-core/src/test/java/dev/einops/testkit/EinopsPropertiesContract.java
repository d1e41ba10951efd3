package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Properties every backend must have, on random patterns and shapes ({@link RandomPattern}):
 * results equal the naive loop of {@link NaiveEinops}, a rearrangement followed by its inverse is
 * the identity, and patterns with and without ellipsis agree. A backend's test class extends
 * this and converts tensors.
 *
 * @param <T> the backend's tensor type
 */
public abstract class EinopsPropertiesContract<T> {
    /** The backend's conversions. */
    protected abstract TensorAdapter<T> adapter();

    private T toTensor(HostTensor host) {
        return adapter().toTensor(host);
    }

    private HostTensor toHost(T tensor) {
        return adapter().toHost(tensor);
    }

    @Property(tries = 300)
    void rearrangeEqualsTheNaiveLoop(@ForAll long seed) {
        RandomPattern p = RandomPattern.of(RandomPattern.Kind.REARRANGE, seed);
        HostTensor x = p.input(seed);
        assertEquals(NaiveEinops.rearrange(x, p.pattern(), p.axes()),
                toHost(Einops.rearrange(toTensor(x), p.pattern(), p.axes())), p::toString);
    }

    @Property(tries = 300)
    void reduceEqualsTheNaiveLoop(@ForAll long seed) {
        RandomPattern p = RandomPattern.of(RandomPattern.Kind.REDUCE, seed);
        HostTensor x = p.input(seed);
        HostTensor want = NaiveEinops.reduce(x, p.pattern(), p.reduction(), p.axes());
        HostTensor got = toHost(Einops.reduce(toTensor(x), p.pattern(), p.reduction(), p.axes()));
        if (p.reduction() == dev.einops.Reduction.MEAN) {
            assertEquals(want.shape().length, got.shape().length, p::toString);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.asDouble(i), got.asDouble(i), 1e-12, p::toString);
            }
            return;
        }
        assertEquals(want, got, p::toString);
    }

    @Property(tries = 300)
    void repeatEqualsTheNaiveLoop(@ForAll long seed) {
        RandomPattern p = RandomPattern.of(RandomPattern.Kind.REPEAT, seed);
        HostTensor x = p.input(seed);
        assertEquals(NaiveEinops.repeat(x, p.pattern(), p.axes()),
                toHost(Einops.repeat(toTensor(x), p.pattern(), p.axes())), p::toString);
    }

    @Property(tries = 200)
    void rearrangeThenItsInverseIsTheIdentity(@ForAll long seed) {
        RandomPattern p = RandomPattern.of(RandomPattern.Kind.REARRANGE, seed);
        HostTensor x = p.input(seed);
        T y = Einops.rearrange(toTensor(x), p.pattern(), p.axes());
        assertEquals(x, toHost(Einops.rearrange(y, p.inversePattern(), p.allLengths())), p::toString);
    }

    @Property(tries = 200)
    void ellipsisStandsForTheAxesItReplaces(@ForAll long seed) {
        RandomPattern p = RandomPattern.of(RandomPattern.Kind.REARRANGE, seed);
        long[] shape = new long[p.inputShape().length + 2];
        shape[0] = 2;
        shape[1] = 3;
        System.arraycopy(p.inputShape(), 0, shape, 2, p.inputShape().length);
        HostTensor x = new RandomPattern(p.left(), p.right(), shape, p.axes(), p.allLengths(), null, p.family())
                .input(seed);
        Map<String, Long> axes = new LinkedHashMap<>(p.axes());
        HostTensor named = toHost(Einops.rearrange(toTensor(x), "e0 e1 " + p.left() + " -> " + p.right() + " (e0 e1)", axes));
        HostTensor ellipsis = toHost(Einops.rearrange(toTensor(x), "... " + p.left() + " -> " + p.right() + " (...)", axes));
        assertEquals(named, ellipsis, p::toString);
        HostTensor leading = toHost(Einops.rearrange(toTensor(x), "... " + p.left() + " -> ... " + p.right(), axes));
        assertEquals(toHost(Einops.rearrange(toTensor(x), "e0 e1 " + p.left() + " -> e0 e1 " + p.right(), axes)),
                leading, p::toString);
    }
}
