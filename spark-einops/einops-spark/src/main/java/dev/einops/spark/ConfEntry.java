package dev.einops.spark;

import dev.einops.types.EinopsException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One typed {@code spark.einops.*} setting, in the manner of Spark's {@code ConfigEntry}: its key,
 * its default (as text, the one place it is written), its documentation and how a value is read
 * and checked. A value that does not read fails with an error naming the key, the value and what
 * is accepted.
 *
 * <pre>{@code
 * EinopsConf.BLOCK_ROWS_ENTRY.read(key -> "1024");   // 1024
 * EinopsConf.BLOCK_ROWS_ENTRY.read(key -> null);     // 4096, the default
 * EinopsConf.BLOCK_ROWS_ENTRY.read(key -> "0");      // EinopsException: spark.einops.block.rows=0: ...
 * }</pre>
 *
 * @param key          the configuration key
 * @param defaultValue the default, as it would be written in the configuration
 * @param doc          what the setting does
 * @param accepted     the values accepted, for messages: {@code a whole number >= 1}
 * @param parser       reads a value, or throws any runtime exception if it is not accepted
 * @param <T>          the value's type
 */
public record ConfEntry<T>(String key, String defaultValue, String doc, String accepted, Function<String, T> parser) {
    /**
     * The value in a configuration, the default where the key is unset.
     *
     * @param lookup the configuration: a key's value, or null when unset
     * @throws EinopsException naming the key, the value and what is accepted, if the value does not read
     */
    public T read(UnaryOperator<String> lookup) {
        String text = lookup.apply(key);
        String value = text == null ? defaultValue : text.trim();
        try {
            T parsed = parser.apply(value);
            if (parsed != null) {
                return parsed;
            }
        } catch (RuntimeException e) {
            // rejected below, with the key
        }
        throw new EinopsException(key + "=" + value + " is not accepted: the setting takes " + accepted
                + " (default " + defaultValue + ")");
    }

    /** An entry whose value is a whole number of at least {@code min}. */
    static ConfEntry<Integer> atLeast(String key, int defaultValue, int min, String doc) {
        return new ConfEntry<>(key, Integer.toString(defaultValue), doc, "a whole number >= " + min, text -> {
            int n = Integer.parseInt(text);
            return n >= min ? n : null;
        });
    }

    /** An entry whose value is a positive number of bytes, with or without a unit ({@code 16m}). */
    static ConfEntry<Long> bytes(String key, String defaultValue, String doc) {
        return new ConfEntry<>(key, defaultValue, doc, "a positive size in bytes, with or without a unit (16m, 1g)",
                text -> {
                    long n = org.apache.spark.network.util.JavaUtils.byteStringAsBytes(text);
                    return n >= 1 ? n : null;
                });
    }
}
