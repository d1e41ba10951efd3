package dev.einops.internal.recipe;

import dev.einops.spi.SymbolicDim;
import dev.einops.types.EinopsException;
import java.util.function.Supplier;

/**
 * Arithmetic on axis lengths that reports an overflow as the rejection of the pattern, saying
 * what overflowed, instead of as an {@link ArithmeticException} from deep inside the planner.
 */
final class Lengths {
    private Lengths() {
    }

    /** {@code a * b}; {@code reason} describes the product when it does not fit 64 bits. */
    static long multiply(long a, long b, Supplier<String> reason) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new EinopsException(reason.get());
        }
    }

    /** {@code a + b}; {@code reason} describes the sum when it does not fit 64 bits. */
    static long add(long a, long b, Supplier<String> reason) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new EinopsException(reason.get());
        }
    }

    /** {@code a * b}; {@code reason} describes the product when its constant part does not fit 64 bits. */
    static SymbolicDim multiply(SymbolicDim a, SymbolicDim b, Supplier<String> reason) {
        try {
            return a.times(b);
        } catch (ArithmeticException e) {
            throw new EinopsException(reason.get());
        }
    }
}
