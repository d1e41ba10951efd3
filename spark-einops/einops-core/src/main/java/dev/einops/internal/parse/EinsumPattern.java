package dev.einops.internal.parse;

import dev.einops.types.EinopsException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed einsum pattern, {@code "b i d, b j d -> b i j"}: per operand its axis labels in order,
 * and the output's. Labels are names (multi-letter, {@code _} allowed) or {@value #ELLIPSIS};
 * an operand may repeat a label (a trace or a diagonal), the output may not.
 *
 * <pre>{@code
 * EinsumPattern p = EinsumPattern.parse("b i d, b j d -> b i j");
 * p.operands();   // [[b, i, d], [b, j, d]]
 * p.output();     // [b, i, j]
 * }</pre>
 *
 * @param text     the pattern as given
 * @param operands per operand, its labels
 * @param output   the output's labels
 */
public record EinsumPattern(String text, List<List<String>> operands, List<String> output) implements Serializable {
    /** The label that stands for the ellipsis. */
    public static final String ELLIPSIS = "...";

    public EinsumPattern {
        operands = operands.stream().map(List::copyOf).toList();
        output = List.copyOf(output);
    }

    /**
     * Parses an einsum pattern.
     *
     * @throws EinopsException for a missing or repeated {@code ->}, invalid syntax, compositions,
     *                         unit or numeric axes, or output labels that no operand has
     */
    public static EinsumPattern parse(String text) {
        if (text == null) {
            throw new EinopsException("Pattern is null");
        }
        int arrow = text.indexOf("->");
        if (arrow < 0) {
            throw new EinopsException("Einsum pattern must contain '->'.");
        }
        if (text.indexOf("->", arrow + 2) >= 0) {
            throw new EinopsException("Einsum pattern must contain exactly one '->'.");
        }
        List<List<String>> operands = new ArrayList<>();
        int start = 0;
        String left = text.substring(0, arrow);
        for (String operand : left.split(",", -1)) {
            operands.add(labels(ExpressionParser.parse(operand, start, ParseOptions.EINSUM_OPERAND)));
            start += operand.length() + 1;
        }
        List<String> output = labels(ExpressionParser.parse(text.substring(arrow + 2), arrow + 2, ParseOptions.PARSE_SHAPE));
        Set<String> known = new HashSet<>();
        operands.forEach(known::addAll);
        if (output.contains(ELLIPSIS) && !known.contains(ELLIPSIS)) {
            throw new EinopsException("An ellipsis on the right of einsum needs one on the left");
        }
        for (String label : output) {
            if (!known.contains(label)) {
                throw new EinopsException("Unknown axis " + label + " on right side of einsum " + text + ".");
            }
        }
        return new EinsumPattern(text, operands, output);
    }

    private static List<String> labels(ParsedExpression expression) {
        List<String> labels = new ArrayList<>();
        for (AxisGroup group : expression.composition()) {
            if (group.isEllipsis()) {
                labels.add(ELLIPSIS);
                continue;
            }
            if (group.axes().isEmpty()) {
                throw new EinopsException("Singleton () axes are not yet supported in einsum: " + group);
            }
            if (group.axes().size() > 1) {
                throw new EinopsException("Shape rearrangement is not yet supported in einsum: " + group);
            }
            Axis axis = group.axes().get(0);
            if (axis instanceof AnonymousAxis) {
                throw new EinopsException("Anonymous axes are not yet supported in einsum: " + axis);
            }
            if (group.parenthesized()) {
                throw new EinopsException("Parentheses around an axis are not supported in einsum: " + group);
            }
            labels.add(axis.toString());
        }
        return labels;
    }
}
