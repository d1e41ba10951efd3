package dev.einops.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a call was rejected, told apart from how it was worded: a {@link Kind} of problem and the
 * parts the message names (axes, lengths, ranks, ...), each written as {@code "axis d"},
 * {@code "length 6"}, {@code "rank 2"} and so on.
 *
 * <p>The reference's messages (the corpus stores them) and the project's reasons are read by
 * separate rules, so that the project keeps its own wording: one table for the phrases only the
 * reference uses (numpy's and Python's errors among them), one for those only the project uses,
 * and one for phrases both share; a project reason reworded moves its rule to the project's
 * table. A rejection is right when its kind is the reference's and it names every part the
 * reference names (it may name more).
 *
 * <pre>{@code
 * RejectionCause.ofReference("Could not infer sizes for {'d', 'c'}");
 * // CANNOT_INFER [axis d, axis c]
 * RejectionCause.ofProject("Could not infer sizes for {c, d} in (c d): give all but one of them as axis lengths");
 * // CANNOT_INFER [axis c, axis d]
 * }</pre>
 *
 * @param kind  the kind of problem
 * @param parts what the message names, tagged by what it is
 */
public record RejectionCause(Kind kind, Set<String> parts) {

    /** The kinds of problem einops reports. */
    public enum Kind {
        /** rearrange: an axis only one side has. */
        ONE_SIDE_ONLY,
        /** repeat: an axis only the left side has. */
        LEFT_ONLY_IN_REPEAT,
        /** reduce: an axis only the right side has. */
        RIGHT_ONLY_IN_REDUCE,
        /** repeat: a new axis without a length. */
        NEW_AXIS_WITHOUT_LENGTH,
        /** An axis-length argument for an axis the pattern does not have. */
        UNUSED_AXIS_LENGTH,
        /** An axis name that is not a valid identifier, in a pattern or an axis-length argument. */
        INVALID_NAME,
        /** A name twice on one side. */
        DUPLICATE_AXIS,
        /** A character that has no place in a pattern. */
        UNKNOWN_CHARACTER,
        /** Dots other than one ellipsis of three. */
        MISPLACED_DOTS,
        /** Parentheses inside parentheses. */
        NESTED_PARENTHESES,
        /** An opening or closing parenthesis without its partner. */
        UNBALANCED_PARENTHESES,
        /** An ellipsis inside parentheses on the input side. */
        ELLIPSIS_IN_PARENTHESES_ON_THE_LEFT,
        /** An ellipsis on the output side only. */
        ELLIPSIS_ON_THE_RIGHT_ONLY,
        /** einsum: an ellipsis standing for axes that the output does not keep. */
        ELLIPSIS_ON_THE_LEFT_ONLY,
        /** rearrange: a number other than 1 as an axis. */
        NUMBER_IN_REARRANGE,
        /** A number 0 as an axis. */
        ZERO_AXIS,
        /** No {@code ->}. */
        NO_ARROW,
        /** More than one {@code ->}. */
        SEVERAL_ARROWS,
        /** The input has another rank than the pattern describes. */
        WRONG_RANK,
        /** A length the input, the pattern or the axis lengths fix differs from the input's. */
        LENGTH_MISMATCH,
        /** An input length that the known part of its composition does not divide. */
        NOT_DIVISIBLE,
        /** An input length divided by a known part of length 0. */
        ZERO_DIVISOR,
        /** A negative axis-length argument. */
        NEGATIVE_LENGTH,
        /** Two or more axes of one composition without lengths. */
        CANNOT_INFER,
        /** A reduction name that is not one of einops'. */
        UNKNOWN_REDUCTION,
        /** {@code mean} of integers or booleans. */
        MEAN_OF_NON_FLOATING,
        /** Tensors of a list with different shapes. */
        LIST_SHAPES_DIFFER,
        /** An empty list of tensors. */
        EMPTY_LIST,
        /** einsum: {@code ()} or {@code 1}. */
        EINSUM_UNIT_AXIS,
        /** einsum: a composition. */
        EINSUM_COMPOSITION,
        /** einsum: a number as an axis. */
        EINSUM_NUMBER,
        /** einsum: an output axis no operand has. */
        EINSUM_UNKNOWN_OUTPUT_AXIS,
        /** einsum: one axis with different lengths in two operands, neither 1. */
        EINSUM_LENGTHS_DISAGREE,
        /** einsum: an axis repeated in one operand with different lengths. */
        EINSUM_DIAGONAL_LENGTHS,
        /** einsum: more or fewer tensors than the pattern has operands. */
        EINSUM_OPERAND_COUNT,
        /** pack: tensors that differ off the packed axis. */
        PACK_SHAPES_DIFFER,
        /** pack / unpack: no {@code *}. */
        NO_STAR,
        /** unpack: the packed shapes do not split the packed axis. */
        UNPACK_SPLIT,
        /** unpack: more than one {@code -1} to infer. */
        UNPACK_SEVERAL_UNKNOWNS,
        /** parse_shape: a composition. */
        PARSE_SHAPE_COMPOSITION,
        /**
         * A limit of the reference's tensor library, which the project does not share: numpy's
         * einsum knows 52 axis letters. The project may reject the call for any cause it names.
         */
        REFERENCE_LIMIT,
        /** A message no rule reads: the table needs a new rule. */
        UNCLASSIFIED
    }

    private record Rule(Kind kind, Pattern regex, Function<Matcher, List<String>> parts) {
        Rule(Kind kind, String regex, Function<Matcher, List<String>> parts) {
            this(kind, Pattern.compile(regex, Pattern.DOTALL), parts);
        }

        Rule(Kind kind, String regex) {
            this(kind, regex, m -> List.of());
        }
    }

    /** Phrases the reference and the project both use. */
    private static final List<Rule> BOTH = List.of(
            new Rule(Kind.ONE_SIDE_ONLY, "^Identifiers only on one side of expression \\(should be on both\\): (\\{.*})",
                    m -> axes(m.group(1))),
            new Rule(Kind.LEFT_ONLY_IN_REPEAT, "^Unexpected identifiers on the left side of repeat: (\\{.*})",
                    m -> axes(m.group(1))),
            new Rule(Kind.RIGHT_ONLY_IN_REDUCE, "^Unexpected identifiers on the right side of reduce( \\S*)?: (\\{.*})",
                    m -> axes(m.group(2))),
            new Rule(Kind.NEW_AXIS_WITHOUT_LENGTH, "^Specify sizes for new axes in repeat: (\\{.*})",
                    m -> axes(m.group(1))),
            new Rule(Kind.UNUSED_AXIS_LENGTH, "^Axis (\\S+) is not used in transform", m -> List.of(axis(m.group(1)))),
            new Rule(Kind.INVALID_NAME, "^Invalid axis name (\\S+) in \\w+\\(", m -> List.of(axis(m.group(1)))),
            new Rule(Kind.DUPLICATE_AXIS, "^Indexing expression contains duplicate dimension \"(.*)\"$",
                    m -> List.of(axis(m.group(1)))),
            new Rule(Kind.UNKNOWN_CHARACTER, "^Unknown character '(.+?)'", m -> List.of("character " + m.group(1))),
            new Rule(Kind.MISPLACED_DOTS, "^Expression may contain dots only inside ellipsis"),
            new Rule(Kind.NESTED_PARENTHESES, "^Axis composition is one-level"),
            new Rule(Kind.UNBALANCED_PARENTHESES, "^(Brackets are not balanced|Imbalanced parentheses in expression)"),
            new Rule(Kind.ELLIPSIS_IN_PARENTHESES_ON_THE_LEFT, "^Ellipsis inside parenthesis in the left side"),
            new Rule(Kind.ELLIPSIS_ON_THE_RIGHT_ONLY, "^Ellipsis found in right side, but not left side"),
            new Rule(Kind.NUMBER_IN_REARRANGE, "^Non-unitary anonymous axes are not supported in rearrange"),
            new Rule(Kind.ZERO_AXIS, "^Anonymous axis should have positive length, not 0"),
            new Rule(Kind.NO_ARROW, "^Einsum pattern must contain '->'\\.$"),
            new Rule(Kind.WRONG_RANK, "^Wrong shape: expected (>=)?(\\d+) dims\\. Received (\\d+)-dim tensor",
                    m -> List.of("expected " + (m.group(1) == null ? "" : m.group(1)) + m.group(2), "rank " + m.group(3))),
            new Rule(Kind.WRONG_RANK, "^unpack\\(\\.\\.\\., .*\\) received input of wrong dim with shape ([(\\[].*[)\\]])$",
                    m -> List.of(rank(m.group(1)))),
            new Rule(Kind.WRONG_RANK, "^Can't parse shape with (different|this) number of dimensions: .* ([(\\[].*[)\\]])$",
                    m -> List.of(rank(m.group(2)))),
            new Rule(Kind.WRONG_RANK, "^packed tensor #(\\d+) \\(enumeration starts with 0\\) has shape ([(\\[].*?[)\\]])",
                    m -> List.of("tensor " + m.group(1), rank(m.group(2)))),
            new Rule(Kind.NOT_DIVISIBLE, "^Shape mismatch, can't divide axis of length (-?\\d+) in chunks of (-?\\d+)",
                    m -> lengths(m.group(1), m.group(2))),
            new Rule(Kind.LENGTH_MISMATCH, "^Shape mismatch, (-?\\d+) != (-?\\d+)", m -> lengths(m.group(1), m.group(2))),
            new Rule(Kind.CANNOT_INFER, "^Could not infer sizes for (\\{.*?})", m -> axes(m.group(1))),
            new Rule(Kind.EMPTY_LIST, "^Rearrange/Reduce/Repeat can't be applied to an empty list"),
            new Rule(Kind.EINSUM_UNIT_AXIS, "^Singleton \\(\\) axes are not yet supported in einsum"),
            new Rule(Kind.EINSUM_COMPOSITION, "^Shape rearrangement is not yet supported in einsum"),
            new Rule(Kind.EINSUM_NUMBER, "^Anonymous axes are not yet supported in einsum"),
            new Rule(Kind.EINSUM_UNKNOWN_OUTPUT_AXIS, "^Unknown axis (\\S+) on right side of einsum",
                    m -> List.of(axis(m.group(1)))),
            new Rule(Kind.NO_STAR, "^No \\*-axis in \\w+\\("),
            new Rule(Kind.UNPACK_SPLIT, "^Error during unpack\\(\\.\\.\\., \".*\"\\): could not split axis of size (\\d+)"
                    + " into requested (\\[.*?])(: .*)?$", m -> List.of("length " + m.group(1), "request " + m.group(2))),
            new Rule(Kind.UNPACK_SEVERAL_UNKNOWNS, "^unpack\\(\\.\\.\\., .*\\) received more than one -1"),
            new Rule(Kind.PARSE_SHAPE_COMPOSITION, "^Can't parse shape with composite axes"));

    /** How only the reference says it (numpy's and Python's own errors among them). */
    private static final List<Rule> REFERENCE_ONLY = List.of(
            new Rule(Kind.INVALID_NAME, "^Invalid axis identifier: (\\S+)\\n", m -> List.of(axis(m.group(1)))),
            new Rule(Kind.INVALID_NAME, "^\\('Invalid name for an axis', '(.*)'\\)$", m -> List.of(axis(m.group(1)))),
            new Rule(Kind.DUPLICATE_AXIS, "^Duplicates in axes names in \\w+\\("),
            new Rule(Kind.DUPLICATE_AXIS, "^einstein sum subscripts string includes output subscript '.' multiple times"),
            new Rule(Kind.ELLIPSIS_ON_THE_LEFT_ONLY, "^output has more dimensions than subscripts given in einstein sum"),
            new Rule(Kind.NO_ARROW, "^not enough values to unpack \\(expected 2, got 1\\)"),
            new Rule(Kind.SEVERAL_ARROWS, "^too many values to unpack \\(expected 2\\)"),
            new Rule(Kind.WRONG_RANK, "^operand has more dimensions than subscripts given in einstein sum"),
            new Rule(Kind.WRONG_RANK, "^einstein sum subscripts string contains too many subscripts for operand (\\d+)"
                    + "|^einstein sum subscript '.' does not contain the correct number of indices for operand (\\d+)",
                    m -> List.of("operand " + (m.group(1) != null ? m.group(1) : m.group(2)))),
            new Rule(Kind.LENGTH_MISMATCH, "^Length of (anonymous axis does not match|axis is not 1)"),
            new Rule(Kind.ZERO_DIVISOR, "^(integer )?(division or )?modulo by zero$|^division by zero$"),
            new Rule(Kind.UNKNOWN_REDUCTION, "^Unknown reduction (.*)\\. Expect one of",
                    m -> List.of("reduction '" + m.group(1) + "'")),
            new Rule(Kind.MEAN_OF_NON_FLOATING, "^reduce_mean is not available for non-floating tensors"),
            new Rule(Kind.LIST_SHAPES_DIFFER, "^all input arrays must have the same shape"),
            new Rule(Kind.EMPTY_LIST, "^list index out of range$|^`einops.einsum` takes at minimum two arguments"),
            new Rule(Kind.EINSUM_LENGTHS_DISAGREE, "^operands could not be broadcast together"
                    + "|^size of dimension does not match previous size"),
            // numpy names the axis by the letter einops gave it, not by the pattern's name
            new Rule(Kind.EINSUM_DIAGONAL_LENGTHS,
                    "^dimensions in single operand for collapsing index '.' don't match \\((\\d+) != (\\d+)\\)",
                    m -> lengths(m.group(1), m.group(2))),
            new Rule(Kind.EINSUM_OPERAND_COUNT, "^(fewer|more) operands provided to einstein sum function"),
            new Rule(Kind.PACK_SHAPES_DIFFER, "^all the input array dimensions except for the concatenation axis"
                    + " must match exactly, but along dimension \\d+, the array at index (\\d+) has size (\\d+)"
                    + " and the array at index (\\d+) has size (\\d+)",
                    m -> List.of("tensor " + m.group(1), "length " + m.group(2), "tensor " + m.group(3),
                            "length " + m.group(4))),
            new Rule(Kind.REFERENCE_LIMIT, "^Too many axes in einsum"));

    /** How only the project says it ({@link dev.einops.types.EinopsException#reason()}). */
    private static final List<Rule> PROJECT_ONLY = List.of(
            new Rule(Kind.INVALID_NAME, "^Invalid axis identifier: (\\S+) \\(", m -> List.of(axis(m.group(1)))),
            new Rule(Kind.INVALID_NAME, "^Invalid name for an axis: '(.*)' \\(", m -> List.of(axis(m.group(1)))),
            new Rule(Kind.DUPLICATE_AXIS, "^Axis name (\\S+) is repeated in \\w+\\(", m -> List.of(axis(m.group(1)))),
            new Rule(Kind.ELLIPSIS_ON_THE_RIGHT_ONLY, "^An ellipsis on the right of einsum needs one on the left"),
            new Rule(Kind.ELLIPSIS_ON_THE_LEFT_ONLY, "^The ellipsis stands for \\d+ ax[ie]s but the output has no ellipsis"),
            new Rule(Kind.NO_ARROW, "^Pattern must contain '->' between"),
            new Rule(Kind.SEVERAL_ARROWS, "^(Pattern|Einsum pattern) must contain exactly one '->'"),
            new Rule(Kind.WRONG_RANK, "^Operand (\\d+) has shape (\\[.*?]) but its part of the pattern names",
                    m -> List.of("operand " + m.group(1), rank(m.group(2)))),
            new Rule(Kind.ZERO_DIVISOR, "when the other axes have length 0$"),
            new Rule(Kind.LENGTH_MISMATCH, "^Length of anonymous axis (\\d+) does not match input axis \\d+ of length (\\d+)",
                    m -> lengths(m.group(1), m.group(2))),
            new Rule(Kind.LENGTH_MISMATCH, "^Length of unit axis \\d+ is (\\d+), not 1", m -> lengths(m.group(1), "1")),
            new Rule(Kind.NEGATIVE_LENGTH, "^Axis length for (\\S+) must be non-negative, got (-\\d+)",
                    m -> List.of(axis(m.group(1)), "length " + m.group(2))),
            new Rule(Kind.UNKNOWN_REDUCTION, "^Unknown reduction '(.*)'\\. Expected one of",
                    m -> List.of("reduction '" + m.group(1) + "'")),
            new Rule(Kind.MEAN_OF_NON_FLOATING, "^mean is not available for (integer|boolean) tensors"),
            new Rule(Kind.LIST_SHAPES_DIFFER, "^All tensors of a list must have the same shape"),
            new Rule(Kind.EMPTY_LIST, "^(pack|einsum) needs at least one tensor"),
            new Rule(Kind.EINSUM_LENGTHS_DISAGREE, "^Axis (\\S+) has length (\\d+) in one operand and (\\d+) in operand",
                    m -> List.of(axis(m.group(1)), "length " + m.group(2), "length " + m.group(3))),
            new Rule(Kind.EINSUM_DIAGONAL_LENGTHS, "^Operand \\d+ repeats axis (\\S+) with different lengths \\((\\d+) != (\\d+)\\)",
                    m -> List.of(axis(m.group(1)), "length " + m.group(2), "length " + m.group(3))),
            new Rule(Kind.EINSUM_OPERAND_COUNT, "^The pattern has \\d+ operands but \\d+ tensors were given"),
            new Rule(Kind.PACK_SHAPES_DIFFER, "^All axes except the packed one must match, but axis (\\S+) has length (\\d+)"
                    + " in tensor (\\d+) \\(shape .*?\\) and (\\d+) in tensor (\\d+) ",
                    m -> List.of(axis(m.group(1)), "length " + m.group(2), "tensor " + m.group(3),
                            "length " + m.group(4), "tensor " + m.group(5))));

    private static final List<Rule> REFERENCE = concat(REFERENCE_ONLY, BOTH);
    private static final List<Rule> PROJECT = concat(PROJECT_ONLY, BOTH);

    /** The context einops adds around an inner message: the operation, the pattern, shape and axis lengths. */
    private static final Pattern WRAPPED = Pattern.compile(
            "^\\s*Error while processing .*?\\n Input tensor shape: .*?\\. Additional info: .*?\\.\\n (.*)$", Pattern.DOTALL);

    public RejectionCause {
        parts = Collections.unmodifiableSet(new LinkedHashSet<>(parts));
    }

    /** The cause the reference gave, from its exception's message as the corpus stores it. */
    public static RejectionCause ofReference(String message) {
        return classify(REFERENCE, innerMessage(message));
    }

    /** The cause the project gave, from its exception's reason. */
    public static RejectionCause ofProject(String reason) {
        return classify(PROJECT, reason);
    }

    /** The message einops wrapped in the call's context, or the message itself. */
    public static String innerMessage(String message) {
        Matcher m = WRAPPED.matcher(message);
        return m.matches() ? m.group(1) : message;
    }

    /**
     * Whether {@code project} names this (the reference's) cause: the same kind and every part
     * this one names. A {@link Kind#REFERENCE_LIMIT} is named by any classified cause.
     */
    public boolean isNamedBy(RejectionCause project) {
        if (project.kind == Kind.UNCLASSIFIED || kind == Kind.UNCLASSIFIED) {
            return false;
        }
        return kind == Kind.REFERENCE_LIMIT || (kind == project.kind && project.parts.containsAll(parts));
    }

    private static List<Rule> concat(List<Rule> first, List<Rule> then) {
        List<Rule> all = new ArrayList<>(first);
        all.addAll(then);
        return List.copyOf(all);
    }

    private static RejectionCause classify(List<Rule> rules, String text) {
        for (Rule rule : rules) {
            Matcher m = rule.regex().matcher(text);
            if (m.find()) {
                return new RejectionCause(rule.kind(), new LinkedHashSet<>(rule.parts().apply(m)));
            }
        }
        return new RejectionCause(Kind.UNCLASSIFIED, Set.of());
    }

    /** Axis names from a set as either side prints it: {@code {'d', 'c'}}, {@code {d, c}}, {@code {2-axis}}. */
    static List<String> axes(String set) {
        String inner = set.substring(1, set.length() - 1).strip();
        if (inner.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String item : inner.split(",\\s*")) {
            out.add(axis(item.strip().replaceAll("^'(.*)'$", "$1").replaceAll("^(\\d+)-axis$", "$1")));
        }
        return out;
    }

    /** An axis name as a part; the reference shows the ellipsis inside a name as {@code …}. */
    static String axis(String name) {
        return "axis " + name.replace("\u2026", "...");
    }

    private static List<String> lengths(String... values) {
        return Arrays.stream(values).map(v -> "length " + v).toList();
    }

    /** The rank of a shape printed as a Python tuple {@code (5,)} or a Java array {@code [5, 3]}. */
    static String rank(String shape) {
        String inner = shape.substring(1, shape.length() - 1).strip();
        long rank = inner.isEmpty() ? 0 : Arrays.stream(inner.split(",")).filter(s -> !s.isBlank()).count();
        return "rank " + rank;
    }

    @Override
    public String toString() {
        return kind + " " + parts;
    }
}
