package dev.einops.testkit;

import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;

/** What jqwik does with a failing example, done by hand: to check that random calls shrink to small ones. */
final class Shrinking {
    private Shrinking() {
    }

    /**
     * Draws values of {@code arbitrary} until one {@code fails}, then takes the first smaller
     * candidate that still fails, again and again, and returns where that ends.
     */
    static <T> T smallestFailing(Arbitrary<T> arbitrary, long seed, Predicate<T> fails) {
        RandomGenerator<T> generator = arbitrary.generator(1000);
        Random random = new Random(seed);
        Shrinkable<T> current = null;
        for (int draw = 0; draw < 10_000 && current == null; draw++) {
            Shrinkable<T> candidate = generator.next(random);
            if (fails.test(candidate.value())) {
                current = candidate;
            }
        }
        if (current == null) {
            throw new AssertionError("no failing example in 10000 draws");
        }
        for (int step = 0; step < 10_000; step++) {
            Optional<Shrinkable<T>> smaller = current.shrink().filter(s -> fails.test(s.value())).findFirst();
            if (smaller.isEmpty()) {
                return current.value();
            }
            current = smaller.get();
        }
        throw new AssertionError("shrinking did not end: " + current.value());
    }
}
