package dev.einops.internal.parse;

import java.util.Optional;

/**
 * The rules for axis names, as in the reference: a Python-style identifier (Unicode letters
 * allowed) that neither starts nor ends with {@code _}; {@code _} alone only where allowed.
 *
 * <pre>{@code
 * AxisNames.whyInvalid("h1", false);    // Optional.empty()
 * AxisNames.whyInvalid("_x", false);    // Optional[axis name should not start or end with underscore]
 * }</pre>
 */
public final class AxisNames {
    private AxisNames() {
    }

    /** Empty when {@code name} is a valid axis name, else the reason it is not. */
    public static Optional<String> whyInvalid(String name, boolean allowUnderscore) {
        if (!isIdentifier(name)) {
            return Optional.of("not a valid identifier");
        }
        if (name.startsWith("_") || name.endsWith("_")) {
            if (allowUnderscore && name.equals("_")) {
                return Optional.empty();
            }
            return Optional.of("axis name should not start or end with underscore");
        }
        return Optional.empty();
    }

    /** Whether {@code name} is a valid axis name. */
    public static boolean isValid(String name, boolean allowUnderscore) {
        return whyInvalid(name, allowUnderscore).isEmpty();
    }

    /** Python's {@code str.isidentifier}: a letter or underscore, then letters, digits, underscores. */
    static boolean isIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        int first = s.codePointAt(0);
        if (first != '_' && !Character.isUnicodeIdentifierStart(first)) {
            return false;
        }
        for (int i = Character.charCount(first); i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!Character.isUnicodeIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Python's {@code str.isalnum} for one code point: a letter or a number of any script. */
    static boolean isAlphanumeric(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /** Python's {@code str.isdecimal}: non-empty, decimal digits of any script only. */
    static boolean isDecimal(String s) {
        return !s.isEmpty() && s.codePoints().allMatch(cp -> Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER);
    }
}
