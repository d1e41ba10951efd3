package dev.einops.internal.parse;

import dev.einops.types.EinopsException;
import java.util.Arrays;
import java.util.Map;

/**
 * The assertion that a shape fits a {@code parse_shape} pattern and given axis lengths: the pattern
 * names each axis (or skips it with {@code _}, any number with {@code ...}, checks a number or
 * {@code 1}), and every named length must equal the one given. Lengths the caller does not know yet
 * ({@code -1}) pass, so that the same check runs on what analysis knows and again on each row.
 *
 * <pre>{@code
 * CheckShape.apply("b c h w", new long[] {8, 3, 32, 32}, Map.of("c", 3));    // passes
 * CheckShape.apply("c h w", new long[] {-1, 32, 32}, Map.of("c", 3));        // passes: c unknown
 * // on [8, 4, 32, 32] it throws: Shape mismatch, 4 != 3: axis c has length 4 but should have length 3
 * }</pre>
 */
public final class CheckShape {
    private CheckShape() {
    }

    /**
     * Checks {@code shape} against {@code pattern} and {@code axesLengths}.
     *
     * @throws EinopsException if the pattern is invalid, names a length that is not in it, or the
     *                         shape does not fit
     */
    public static void apply(String pattern, long[] shape, Map<String, ? extends Number> axesLengths) {
        Map<String, Long> bound = ParseShape.bind(pattern, shape, true);
        for (Map.Entry<String, ? extends Number> given : axesLengths.entrySet()) {
            Long length = bound.get(given.getKey());
            if (length == null) {
                throw new EinopsException("Axis " + given.getKey() + " is given a length but the pattern " + pattern
                        + " does not name it" + (given.getKey().equals("_") ? " (_ skips an axis)" : ""));
            }
            long expected = given.getValue().longValue();
            if (length >= 0 && length != expected) {
                throw new EinopsException("Shape mismatch, " + length + " != " + expected + ": axis " + given.getKey()
                        + " has length " + length + " but should have length " + expected + ": " + pattern + " "
                        + Arrays.toString(shape));
            }
        }
    }
}
