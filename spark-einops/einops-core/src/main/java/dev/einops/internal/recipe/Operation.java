package dev.einops.internal.recipe;

/**
 * What a {@code left -> right} pattern is used for; each allows different differences between the
 * sides.
 *
 * <pre>{@code
 * RecipeCompiler.compile(Operation.REPEAT, "h w -> h w c", List.of("c"), 2);
 * }</pre>
 */
public enum Operation {
    /** The same axes on both sides; only unit anonymous axes ({@code 1}, {@code ()}). */
    REARRANGE,
    /** Axes of the left side missing on the right are reduced; numbers allowed on the left. */
    REDUCE,
    /** Axes of the right side missing on the left are new (repeated); numbers allowed on the right. */
    REPEAT;

    /** Lower-case name for messages. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
