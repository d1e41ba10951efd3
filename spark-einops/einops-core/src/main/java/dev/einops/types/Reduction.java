package dev.einops.types;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The named reductions of {@code reduce}, with the reference's result-type rules.
 *
 * <pre>{@code
 * Reduction r = Reduction.fromName("max");          // MAX
 * Einops.reduce(x, "b c h w -> b c", r);            // same as Einops.reduce(x, "b c h w -> b c", "max")
 * }</pre>
 *
 * <table>
 *   <caption>Result family by input family</caption>
 *   <tr><th>reduction</th><th>floating</th><th>integer</th><th>boolean</th></tr>
 *   <tr><td>min, max</td><td>floating</td><td>integer</td><td>boolean</td></tr>
 *   <tr><td>sum, prod</td><td>floating</td><td>integer</td><td>integer</td></tr>
 *   <tr><td>mean</td><td>floating</td><td>rejected</td><td>rejected</td></tr>
 *   <tr><td>any, all</td><td>boolean</td><td>boolean</td><td>boolean</td></tr>
 * </table>
 * A pattern that reduces no axis performs no reduction and keeps the input type.
 */
public enum Reduction {
    MIN, MAX, SUM, MEAN, PROD, ANY, ALL;

    private static final String NAMES = Arrays.stream(values())
            .map(Reduction::label).collect(Collectors.joining(", "));

    /** The lower-case name used in patterns and messages, e.g. {@code "max"}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The reduction with this exact lower-case name.
     *
     * @throws EinopsException for any other name (names are case-sensitive, as in the reference)
     */
    public static Reduction fromName(String name) {
        if (name != null) {
            for (Reduction r : values()) {
                if (r.label().equals(name)) {
                    return r;
                }
            }
        }
        throw new EinopsException("Unknown reduction '" + name + "'. Expected one of " + NAMES + ".");
    }

    /**
     * The family of the result of reducing a tensor of the given family.
     *
     * @throws EinopsException for {@code mean} of integers or booleans
     */
    public DTypeFamily resultFamily(DTypeFamily input) {
        return switch (this) {
            case MIN, MAX -> input;
            case SUM, PROD -> input == DTypeFamily.BOOLEAN ? DTypeFamily.INTEGER : input;
            case MEAN -> {
                if (input != DTypeFamily.FLOATING) {
                    throw new EinopsException("mean is not available for " + input.name().toLowerCase(java.util.Locale.ROOT)
                            + " tensors; cast to a floating type first (the reference raises NotImplementedError too).");
                }
                yield input;
            }
            case ANY, ALL -> DTypeFamily.BOOLEAN;
        };
    }
}
