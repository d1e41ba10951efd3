package dev.einops.internal.parse;

import java.io.Serializable;

/**
 * An axis written as a number greater than one, e.g. the {@code 2} of {@code (h 2)}. Every
 * occurrence is its own axis, told apart by its character position in the whole pattern: the two
 * {@code 2}s of {@code (h 2) (w 2)} are different axes, as in the reference.
 *
 * <pre>{@code
 * new AnonymousAxis(2, 5).length();   // 2
 * }</pre>
 */
public record AnonymousAxis(long length, int position) implements Axis, Serializable {
    @Override
    public String toString() {
        return Long.toString(length);
    }
}
