package dev.einops.types;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The rules every executor of a reduction follows, whatever holds the tensor: the result's element
 * type, the value of a reduction over no elements (or the error when there is none), and the
 * shape once the reduced axes are dropped. Callers check {@link Reduction#resultFamily} before
 * reducing (mean of integers is rejected there).
 *
 * <pre>{@code
 * ReductionRules.resultType(Reduction.SUM, ElementType.INT32);    // INT64, as numpy sums int32
 * ReductionRules.resultType(Reduction.ANY, ElementType.FLOAT32);  // BOOL
 * ReductionRules.identity(Reduction.PROD);                        // OptionalDouble[1.0]
 * ReductionRules.identity(Reduction.MAX);                         // OptionalDouble.empty
 * ReductionRules.reducedShape(new long[] {2, 3, 4}, new int[] {0, 2});            // [3]
 * ReductionRules.emptyReductionValue(Reduction.MAX, new long[] {0, 3}, new int[] {0});
 * // EinopsException: zero-size array to reduction operation max which has no identity: ...
 * }</pre>
 */
public final class ReductionRules {
    private ReductionRules() {
    }

    /**
     * The element type of {@code reduction}'s result, by numpy's rules: any and all give booleans;
     * sum and prod of booleans and of integers narrower than 64 bits give 64-bit integers (so
     * they neither overflow early nor refuse booleans); everything else keeps the input type.
     *
     * @throws EinopsException for {@code mean} of integers or booleans
     */
    public static ElementType resultType(Reduction reduction, ElementType input) {
        reduction.resultFamily(input.family());
        return switch (reduction) {
            case ANY, ALL -> ElementType.BOOL;
            case SUM, PROD -> input == ElementType.BOOL
                    || (input.family() == DTypeFamily.INTEGER && input.byteWidth() < 8) ? ElementType.INT64 : input;
            case MIN, MAX, MEAN -> input;
        };
    }

    /**
     * numpy's result of reducing no elements: 0 for sum, 1 for prod, false (0) for any, true (1)
     * for all, NaN for mean; none for min and max. For sum, prod, any and all this is also the
     * identity to fold from, so partial results merge with it.
     */
    public static OptionalDouble identity(Reduction reduction) {
        return switch (reduction) {
            case SUM, ANY -> OptionalDouble.of(0);
            case PROD, ALL -> OptionalDouble.of(1);
            case MEAN -> OptionalDouble.of(Double.NaN);
            case MIN, MAX -> OptionalDouble.empty();
        };
    }

    /**
     * The value every element of the result takes when a tensor of {@code shape} with no elements
     * is reduced over {@code axes}: its {@linkplain #identity identity} (0 when the result has no
     * elements either).
     *
     * @throws EinopsException when the result has elements and the reduction has no identity (min, max)
     */
    public static double emptyReductionValue(Reduction reduction, long[] shape, int[] axes) {
        boolean resultIsEmpty = Arrays.stream(reducedShape(shape, axes)).anyMatch(d -> d == 0);
        OptionalDouble identity = identity(reduction);
        if (resultIsEmpty) {
            return identity.orElse(0);
        }
        return identity.orElseThrow(() -> new EinopsException("zero-size array to reduction operation "
                + reduction.label() + " which has no identity: axes " + Arrays.toString(axes) + " of shape "
                + Arrays.toString(shape) + " have no elements"));
    }

    /** {@code shape} without the reduced {@code axes} (distinct, each in range). */
    public static long[] reducedShape(long[] shape, int[] axes) {
        boolean[] dropped = new boolean[shape.length];
        for (int a : axes) {
            dropped[a] = true;
        }
        long[] out = new long[shape.length - axes.length];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (!dropped[i]) {
                out[k++] = shape[i];
            }
        }
        return out;
    }
}
