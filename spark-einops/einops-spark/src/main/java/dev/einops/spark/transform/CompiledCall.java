package dev.einops.spark.transform;

import dev.einops.internal.parse.AxisGroup;
import dev.einops.internal.parse.NamedAxis;
import dev.einops.internal.parse.Pattern;
import dev.einops.internal.recipe.AxesLengths;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.internal.recipe.PlanCache;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import dev.einops.types.Reduction;
import dev.einops.types.ReductionRules;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One einops call on a tensor column, parsed and checked once on the driver: the operation, the
 * pattern as written, its {@link RowAxisKind kind}, the per-row form, the pattern a block of rows
 * runs with, the axis lengths and the reduction. Every form is derived from the parsed axes, never
 * by rewriting the pattern's text. Immutable and serializable: it travels in the query plan to the
 * executors, inside the steps built from it ({@link RowTransform}, {@link ExplodeTransform},
 * {@link BatchTransform}).
 *
 * <pre>{@code
 * CompiledCall verb = CompiledCall.verb(Operation.REARRANGE, "b c h w -> b h w c", null, Map.of());
 * verb.kind();           // PER_ROW
 * verb.rowPattern();     // c h w -> h w c
 * verb.blockPattern();   // b c h w -> b h w c: the verb's own row axis stands for a block's rows
 * CompiledCall fn = CompiledCall.rowFunction(Operation.REARRANGE, "c h w -> h w c", null, Map.of());
 * fn.blockPattern();     // rows c h w -> rows h w c
 * }</pre>
 */
public final class CompiledCall implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Operation operation;
    private final String reduction;
    private final String pattern;
    private final boolean rowAxisFirst;
    private final RowAxisKind kind;
    private final String rowAxis;
    private final String rowPattern;
    private final String blockPattern;
    private final String probePattern;
    private final List<String> explodedAxes;
    private final int rowGroups;
    private final boolean ellipsis;
    private final List<String> axisNames;
    private final long[] axisValues;
    private final long rowCount;

    private CompiledCall(Operation operation, String reduction, String pattern, boolean rowAxisFirst, RowAxisKind kind,
                         String rowAxis, String rowPattern, String blockPattern, String probePattern,
                         List<String> explodedAxes, int rowGroups, boolean ellipsis, List<String> axisNames,
                         long[] axisValues, long rowCount) {
        this.operation = operation;
        this.reduction = reduction;
        this.pattern = pattern;
        this.rowAxisFirst = rowAxisFirst;
        this.kind = kind;
        this.rowAxis = rowAxis;
        this.rowPattern = rowPattern;
        this.blockPattern = blockPattern;
        this.probePattern = probePattern;
        this.explodedAxes = List.copyOf(explodedAxes);
        this.rowGroups = rowGroups;
        this.ellipsis = ellipsis;
        this.axisNames = List.copyOf(axisNames);
        this.axisValues = axisValues.clone();
        this.rowCount = rowCount;
    }

    /**
     * A DataFrame verb's call, whose pattern starts with the row axis ({@code b c h w -> b h w c}):
     * parsed, its kind found, and its recipe compiled, so that bad names and lengths fail now.
     *
     * @throws EinopsException with the call's context if the pattern, the reduction or the lengths
     *                         are invalid, or the pattern does not start with a named row axis
     */
    public static CompiledCall verb(Operation operation, String pattern, String reduction,
                                    Map<String, ? extends Number> axesLengths) {
        return compile(operation, pattern, reduction, axesLengths, true);
    }

    /**
     * A column function's call, whose pattern describes one row's tensor ({@code c h w -> h w c}).
     *
     * @throws EinopsException with the call's context if the pattern, the reduction or the lengths are invalid
     */
    public static CompiledCall rowFunction(Operation operation, String pattern, String reduction,
                                           Map<String, ? extends Number> axesLengths) {
        return compile(operation, pattern, reduction, axesLengths, false);
    }

    private static CompiledCall compile(Operation operation, String pattern, String reduction,
                                        Map<String, ? extends Number> axesLengths, boolean rowAxisFirst) {
        Objects.requireNonNull(operation, "operation");
        try {
            if (operation == Operation.REDUCE) {
                Reduction.fromName(reduction);
            } else if (reduction != null) {
                throw new EinopsException(operation.label() + " takes no reduction, got '" + reduction + "'");
            }
            CompiledCall call = rowAxisFirst ? ofVerb(operation, pattern, reduction, axesLengths)
                    : ofRowFunction(operation, pattern, reduction, axesLengths);
            call.compileRecipes();
            return call;
        } catch (EinopsException e) {
            throw e.hasContext() ? e : e.withContext(label(operation, reduction), pattern, null, axesLengths);
        }
    }

    private static CompiledCall ofRowFunction(Operation operation, String pattern, String reduction,
                                              Map<String, ? extends Number> axesLengths) {
        Pattern parsed = Pattern.parse(pattern);
        String row = freshAxis(parsed);
        String block = row + " " + side(parsed.left().composition()) + " -> " + row + " "
                + side(parsed.right().composition());
        AxesLengths given = AxesLengths.of(axesLengths);
        return new CompiledCall(operation, reduction, pattern, false, RowAxisKind.PER_ROW, null, pattern, block, null,
                List.of(), parsed.left().composition().size(), parsed.left().hasEllipsis(), given.names(),
                given.values(), -1);
    }

    private static CompiledCall ofVerb(Operation operation, String pattern, String reduction,
                                       Map<String, ? extends Number> axesLengths) {
        BatchPattern batch = BatchPattern.parse(pattern);
        Pattern parsed = batch.parsed();
        List<AxisGroup> left = parsed.left().composition();
        List<AxisGroup> right = parsed.right().composition();
        String rowPattern = null;
        String block = pattern;
        String probe = null;
        List<String> exploded = List.of();
        if (batch.kind() == RowAxisKind.PER_ROW) {
            rowPattern = batch.rowPattern();
        } else if (batch.kind() == RowAxisKind.EXPLODE) {
            exploded = right.get(0).axes().stream().skip(1).map(Object::toString).toList();
            String lead = "(" + String.join(" ", exploded) + ")";
            String rest = side(right.subList(1, right.size()));
            rowPattern = side(left.subList(1, left.size())) + " -> " + (lead + " " + rest).trim();
            block = side(left) + " -> " + (batch.rowAxis() + " " + lead + " " + rest).trim();
            probe = side(left) + " -> " + String.join(" ", batch.rowAxis(), String.join(" ", exploded), rest).trim();
        }
        // the row axis is the DataFrame's rows: a length given for it asserts their number
        AxesLengths given = AxesLengths.of(axesLengths);
        List<String> names = new ArrayList<>(given.names());
        long[] values = given.values();
        long rows = -1;
        int at = names.indexOf(batch.rowAxis());
        if (at >= 0) {
            rows = values[at];
            names.remove(at);
            long[] rest = new long[values.length - 1];
            System.arraycopy(values, 0, rest, 0, at);
            System.arraycopy(values, at + 1, rest, at, rest.length - at);
            values = rest;
        }
        return new CompiledCall(operation, reduction, pattern, true, batch.kind(), batch.rowAxis(), rowPattern, block,
                probe, exploded, left.size() - 1, parsed.left().hasEllipsis(), names, values, rows);
    }

    /** A name for the block's row axis that the pattern does not use: {@code rows}, else {@code rows1}, ... */
    private static String freshAxis(Pattern parsed) {
        String row = "rows";
        for (int i = 1; parsed.left().mentions(new NamedAxis(row)) || parsed.right().mentions(new NamedAxis(row)); i++) {
            row = "rows" + i;
        }
        return row;
    }

    private static String side(List<AxisGroup> groups) {
        return groups.stream().map(AxisGroup::toString).collect(Collectors.joining(" "));
    }

    /** Compiles the block's recipes for any rank the pattern allows, so that bad names and lengths fail now. */
    private void compileRecipes() {
        PlanCache.shared().recipe(operation, blockPattern, axisNames, minimalBlockRank());
        if (probePattern != null) {
            PlanCache.shared().recipe(operation, probePattern, axisNames, minimalBlockRank());
        }
    }

    private int minimalBlockRank() {
        return 1 + rowGroups - (ellipsis ? 1 : 0);
    }

    /**
     * Checks that rows of {@code rowShape} fit the pattern, in the reference's wording with the ranks
     * the pattern counts: those of a verb's pattern include the row axis.
     *
     * @throws EinopsException if they do not
     */
    void checkRank(long[] rowShape) {
        int named = ellipsis ? rowGroups - 1 : rowGroups;
        int rank = rowShape.length;
        if (ellipsis ? rank >= named : rank == named) {
            return;
        }
        int extra = rowAxisFirst ? 1 : 0;
        String expected = (ellipsis ? ">=" : "") + (named + extra);
        String axes = (rowAxisFirst ? "the row axis and " : "") + (ellipsis ? "at least " : "") + named
                + " of each row's tensor";
        throw new EinopsException("Wrong shape: expected " + expected + " dims. Received " + (rank + extra)
                + "-dim tensor: the pattern names " + axes + ", but the column holds tensors of rank " + rank + "; "
                + BatchPattern.RULE);
    }

    /**
     * The shape a row of {@code input} is read with: the column's, except that a flat array is read
     * as one axis when the pattern names one axis group of each row's tensor. Null when only the data
     * knows the rank.
     */
    long[] readShape(TensorColumnType input) {
        long[] shape = input.shape();
        if (input.encoding() == TensorEncoding.FLAT && rowGroups == 1 && !ellipsis
                && (shape == null || shape.length != 1)) {
            return input.asOneAxis();
        }
        return shape;
    }

    /**
     * Checks that rows of {@code shape} and {@code element} type can be the result of a step on
     * {@code input}: a Vector column's must be one axis of doubles.
     *
     * @throws EinopsException if they cannot
     */
    static void checkVectorResult(TensorColumnType input, ElementType element, long[] shape) {
        if (input.encoding() == TensorEncoding.VECTOR && (shape.length != 1 || element != ElementType.FLOAT64)) {
            throw new EinopsException("a Vector column's result must be one axis of doubles, but this step gives "
                    + element.label() + " tensors of rank " + shape.length + "; convert the column to arrays first");
        }
    }

    /** The shape of a block of {@code rows} rows of {@code rowShape}: {@code [rows, ...rowShape]}. */
    static long[] blockShape(long rows, long[] rowShape) {
        long[] out = new long[rowShape.length + 1];
        out[0] = rows;
        System.arraycopy(rowShape, 0, out, 1, rowShape.length);
        return out;
    }

    /** The plan a block of {@code shape} ({@code [rows, ...row shape]}) runs with. */
    ExecutionPlan plan(long[] shape) {
        return PlanCache.shared().plan(operation, blockPattern, axisNames, axisValues, shape);
    }

    /** For an explode, the plan whose result's first axes after the rows are the exploded axes, one by one. */
    ExecutionPlan probePlan(long[] shape) {
        return PlanCache.shared().plan(operation, probePattern, axisNames, axisValues, shape);
    }

    /** {@code e} with the call's context and {@code input} as the input's shape, unless it has a context. */
    EinopsException inContext(EinopsException e, String input) {
        return e.hasContext() ? e : e.withContext(label(), pattern, input, axesLengths());
    }

    /** An error about this call, with its context. */
    public EinopsException error(String reason) {
        return new EinopsException(reason).withContext(label(), pattern, null, axesLengths());
    }

    /** The element type of the result: by einops' rules for a reduction that reduces, else the input's. */
    ElementType resultElementType(ElementType input, boolean reduces) {
        if (operation != Operation.REDUCE || !reduces) {
            return input;   // a pattern that reduces no axis performs no reduction
        }
        return ReductionRules.resultType(Reduction.fromName(reduction), input);
    }

    /** The reduction a block runs with, or null for an operation that does not reduce. */
    Reduction reductionOrNull() {
        return operation == Operation.REDUCE ? Reduction.fromName(reduction) : null;
    }

    public Operation operation() {
        return operation;
    }

    /** The reduction's name, or null. */
    public String reduction() {
        return reduction;
    }

    /** The pattern as the caller wrote it. */
    public String pattern() {
        return pattern;
    }

    /** Whether the pattern starts with the row axis (a DataFrame verb's) rather than describing one row's tensor. */
    public boolean rowAxisFirst() {
        return rowAxisFirst;
    }

    /** Where the pattern puts the row axis; {@link RowAxisKind#PER_ROW} for a column function's pattern. */
    public RowAxisKind kind() {
        return kind;
    }

    /** The row axis' name, or null for a column function's pattern. */
    public String rowAxis() {
        return rowAxis;
    }

    /**
     * The pattern of one row's tensor: the pattern itself for a column function; a verb's without
     * the row axis, and for an explode with the exploded axes as the result's first axis.
     *
     * @throws EinopsException for a pattern that reduces or stacks rows, which has no per-row form
     */
    public String rowPattern() {
        if (rowPattern == null) {
            throw inContext(BatchPattern.notPerRow(rowAxis, kind), null);
        }
        return rowPattern;
    }

    /** The pattern a block of rows {@code [rows, ...]} runs with. */
    public String blockPattern() {
        return blockPattern;
    }

    /** For an explode, the axes after the row axis in the composition it leads: {@code [h, w]}. */
    public List<String> explodedAxes() {
        return explodedAxes;
    }

    /** The number of rows the caller gave as the row axis' length, or -1. */
    public long rowCount() {
        return rowCount;
    }

    /** The operation as messages name it: {@code rearrange}, {@code max-reduction}, {@code repeat}. */
    public String label() {
        return label(operation, reduction);
    }

    private static String label(Operation operation, String reduction) {
        return operation == Operation.REDUCE ? reduction + "-reduction" : operation.label();
    }

    /** The axis lengths, without the row axis', in the order given. */
    public Map<String, Long> axesLengths() {
        Map<String, Long> lengths = new LinkedHashMap<>();
        for (int i = 0; i < axisNames.size(); i++) {
            lengths.put(axisNames.get(i), axisValues[i]);
        }
        return lengths;
    }

    /**
     * As {@code explain()} shows the call: as written, then the per-row form where it differs,
     * {@code rearrange 'b c h w -> b h w c' per row 'c h w -> h w c' {h=2}}.
     */
    public String describe() {
        String perRow = rowPattern != null && !rowPattern.equals(pattern) ? " per row '" + rowPattern + "'" : "";
        return label() + " '" + pattern + "'" + perRow + (axisNames.isEmpty() ? "" : " " + axesLengths());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompiledCall c && operation == c.operation && Objects.equals(reduction, c.reduction)
                && pattern.equals(c.pattern) && rowAxisFirst == c.rowAxisFirst && axisNames.equals(c.axisNames)
                && Arrays.equals(axisValues, c.axisValues) && rowCount == c.rowCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(operation, reduction, pattern, rowAxisFirst, axisNames, Arrays.hashCode(axisValues),
                rowCount);
    }

    @Override
    public String toString() {
        return describe();
    }
}
