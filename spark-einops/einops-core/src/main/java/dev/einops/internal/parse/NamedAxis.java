package dev.einops.internal.parse;

import java.io.Serializable;

/**
 * An axis written as an identifier, e.g. {@code h}; two mentions of a name are the same axis.
 *
 * <pre>{@code
 * new NamedAxis("h").toString();   // h
 * }</pre>
 */
public record NamedAxis(String name) implements Axis, Serializable {
    @Override
    public String toString() {
        return name;
    }
}
