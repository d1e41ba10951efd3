package dev.einops.types;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception every rejected einops call throws.
 *
 * <p>Code deep inside the library throws it with only a {@linkplain #reason() reason}; the public
 * entry point that received the call rethrows it once, with the operation, the pattern, the input
 * shape and the axis lengths added, so that the message alone explains the failure:
 *
 * <pre>{@code
 * try {
 *     Einops.rearrange(x, "b (h w) -> b h w", Map.of("h", 5));   // x has shape [2, 12]
 * } catch (EinopsException e) {
 *     System.out.println(e.getMessage());
 *     // Error while processing rearrange pattern "b (h w) -> b h w": Shape mismatch, can't divide
 *     //  axis of length 12 in chunks of 5: input axis 1 is (h w)
 *     //  Input tensor shape: [2, 12]. Axes lengths: {h=5}.
 * }
 * }</pre>
 *
 * <p>It is unchecked, like the reference's {@code EinopsError}.
 */
public class EinopsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The most characters of a pattern, a shape or the axis lengths in a message. */
    public static final int MAX_PART_CHARS = 200;
    /** The most characters of the reason in a message. */
    public static final int MAX_REASON_CHARS = 600;

    private final String reason;
    private final String operation;
    private final String pattern;
    private final String inputShape;
    private final Map<String, Object> axesLengths;

    /** A rejection without call context; the public entry point adds the context. */
    public EinopsException(String reason) {
        this(reason, null);
    }

    /** A rejection caused by another exception (for example one raised by a tensor library). */
    public EinopsException(String reason, Throwable cause) {
        super(abbreviate(reason, MAX_REASON_CHARS), cause);
        this.reason = reason;
        this.operation = null;
        this.pattern = null;
        this.inputShape = null;
        this.axesLengths = Map.of();
    }

    private EinopsException(String reason, String operation, String pattern, String inputShape,
                            Map<String, Object> axesLengths, Throwable cause) {
        super(format(reason, operation, pattern, inputShape, axesLengths), cause);
        this.reason = reason;
        this.operation = operation;
        this.pattern = pattern;
        this.inputShape = inputShape;
        this.axesLengths = axesLengths;
    }

    /**
     * Returns this rejection described in full: which call ({@code operation}, e.g. {@code
     * "rearrange"} or {@code "max-reduction"}), on which pattern, input shape and axis lengths.
     * An exception that already has a context is returned unchanged.
     */
    public EinopsException withContext(String operation, String pattern, String inputShape,
                                       Map<String, ?> axesLengths) {
        if (hasContext()) {
            return this;
        }
        Map<String, Object> lengths = axesLengths == null
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(axesLengths));
        EinopsException full = new EinopsException(reason, operation, pattern, inputShape, lengths,
                getCause() != null ? getCause() : this);
        return full;
    }

    /**
     * {@code failure} as the rejection of one call, described in full: the one way every entry
     * point (of this library, or a layer built on it such as a Spark expression) reports a failure.
     * An {@code EinopsException} gets the context unless it has one already; any other exception,
     * typically raised inside a tensor library, becomes the cause of a rejection whose reason names it.
     *
     * <pre>{@code
     * RuntimeException failure = new IllegalStateException("boom");   // thrown by the tensor library
     * EinopsException e = EinopsException.inContext(failure, "rearrange", "a b -> b a", "[2, 3]", Map.of());
     * e.getMessage();
     * // Error while processing rearrange pattern "a b -> b a": the tensor library failed:
     * //  IllegalStateException: boom
     * //  Input tensor shape: [2, 3]. Axes lengths: {}.
     * }</pre>
     *
     * @param operation   the call, e.g. {@code "rearrange"} or {@code "max-reduction"}
     * @param pattern     the pattern as given, or null when the call has none
     * @param inputShape  the input shape(s) as text ({@link #describeShapes}), or null when not examined yet
     * @param axesLengths the axis lengths given with the call, or null for none
     */
    public static EinopsException inContext(RuntimeException failure, String operation, String pattern,
                                            String inputShape, Map<String, ?> axesLengths) {
        EinopsException rejection = failure instanceof EinopsException einops ? einops
                : new EinopsException("the tensor library failed: " + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()), failure);
        return rejection.withContext(operation, pattern, inputShape, axesLengths);
    }

    /**
     * Describes shapes for {@link #withContext}: {@code [2, 3]}, or one per tensor of a list; null
     * when {@code shapes} is null (not read yet).
     */
    public static String describeShapes(long[]... shapes) {
        if (shapes == null) {
            return null;
        }
        if (shapes.length == 1) {
            return Arrays.toString(shapes[0]);
        }
        StringBuilder out = new StringBuilder("list of ").append(shapes.length).append(" tensors ");
        for (int i = 0; i < shapes.length; i++) {
            out.append(i == 0 ? "" : ", ").append(Arrays.toString(shapes[i]));
        }
        return out.toString();
    }

    /** Whether the operation, pattern and input are known (set by the public entry point). */
    public boolean hasContext() {
        return operation != null;
    }

    /** The one-sentence reason, without the call context. */
    public String reason() {
        return reason;
    }

    /** The operation, e.g. {@code "rearrange"}, {@code "max-reduction"}, {@code "einsum"}; or null. */
    public String operation() {
        return operation;
    }

    /** The pattern exactly as given, or null. */
    public String pattern() {
        return pattern;
    }

    /** The input shape(s) as text, or null when the input was not examined. */
    public String inputShape() {
        return inputShape;
    }

    /** The axis lengths given with the call, in call order (empty when none). */
    public Map<String, Object> axesLengths() {
        return axesLengths;
    }

    private static String format(String reason, String operation, String pattern, String inputShape,
                                 Map<String, Object> axesLengths) {
        StringBuilder out = new StringBuilder("Error while processing ").append(operation);
        if (pattern != null) {
            out.append(" pattern \"").append(abbreviate(pattern)).append('"');
        }
        out.append(": ").append(abbreviate(reason, MAX_REASON_CHARS));
        out.append("\n Input tensor shape: ").append(inputShape == null ? "unknown" : abbreviate(inputShape))
                .append('.');
        out.append(" Axes lengths: ").append(abbreviate(String.valueOf(axesLengths))).append('.');
        return out.toString();
    }

    /**
     * {@code text} cut to {@value #MAX_PART_CHARS} characters for a message: its start and its end
     * joined by {@code …}, so that a pattern of 2,000 axes or a shape of as many lengths stays
     * readable; shorter text is returned as it is.
     */
    public static String abbreviate(String text) {
        return abbreviate(text, MAX_PART_CHARS);
    }

    /** {@code text} cut to {@code max} characters (at least 16), its start and end joined by {@code …}. */
    public static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int keep = Math.max(16, max) - 1;
        int head = keep * 2 / 3;
        return text.substring(0, head) + "\u2026" + text.substring(text.length() - (keep - head));
    }
}
