package dev.einops.spark.transform;

import dev.einops.internal.recipe.AxesLengths;
import dev.einops.types.ElementType;
import dev.einops.types.EinopsException;
import dev.einops.types.Reduction;
import dev.einops.types.ReductionRules;
import dev.einops.internal.parse.Pattern;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.internal.recipe.PlanCache;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A verb's pattern that runs on many rows at once, as written, with the row axis first: one that
 * reduces across rows ({@link RowAxisKind#AGGREGATE}, {@code b c h w -> c}) or stacks rows into one
 * tensor ({@link RowAxisKind#STACK}, {@code t c h w -> c t h w}). A block of rows (or a group's
 * stacked rows) runs as one call of the engine on the stacked tensor {@code [rows, ...]}. A stack
 * of a flat-array or Vector column is written as nested arrays, the one array encoding whose type
 * carries lengths that depend on the number of rows. Immutable and serializable.
 *
 * <pre>{@code
 * BatchTransform means = BatchTransform.of(Operation.REDUCE, "b c h w -> c", "mean", Map.of(), RowAxisKind.AGGREGATE);
 * means.outputType(TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64}));
 *                                   // nested float32 tensors of shape [3]
 * means.plan(new long[] {100, 3, 64, 64}).outputShape();   // [3]
 * }</pre>
 */
public final class BatchTransform implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Operation operation;
    private final String reduction;
    private final String pattern;
    private final RowAxisKind kind;
    private final String rowAxis;
    private final List<String> axisNames;
    private final long[] axisValues;
    private final long rowCount;
    private final int inputGroups;
    private final boolean inputEllipsis;

    private BatchTransform(Operation operation, String reduction, String pattern, RowAxisKind kind, String rowAxis,
                           List<String> axisNames, long[] axisValues, long rowCount) {
        this.operation = operation;
        this.reduction = reduction;
        this.pattern = pattern;
        this.kind = kind;
        this.rowAxis = rowAxis;
        this.axisNames = List.copyOf(axisNames);
        this.axisValues = axisValues.clone();
        this.rowCount = rowCount;
        Pattern parsed = Pattern.parse(pattern);
        this.inputGroups = parsed.left().composition().size();
        this.inputEllipsis = parsed.left().hasEllipsis();
    }

    /**
     * The transform of {@code pattern}, whose row axis must be of kind {@code expected}.
     *
     * @throws EinopsException if the pattern, reduction or lengths are invalid, or the kind differs
     */
    public static BatchTransform of(Operation operation, String pattern, String reduction,
                                    Map<String, ? extends Number> axesLengths, RowAxisKind expected) {
        Objects.requireNonNull(operation, "operation");
        String label = operation == Operation.REDUCE ? reduction + "-reduction" : operation.label();
        try {
            if (operation == Operation.REDUCE) {
                Reduction.fromName(reduction);
            } else if (reduction != null) {
                throw new EinopsException(operation.label() + " takes no reduction, got '" + reduction + "'");
            }
            BatchPattern batch = BatchPattern.parse(pattern);
            if (batch.kind() != expected) {
                throw new EinopsException("this pattern's row axis " + batch.rowAxis() + " is "
                        + batch.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", where a "
                        + expected.name().toLowerCase(java.util.Locale.ROOT) + " pattern is needed; "
                        + BatchPattern.RULE);
            }
            AxesLengths given = AxesLengths.of(axesLengths);
            List<String> names = new ArrayList<>(given.names());
            long[] values = given.values();
            long rowCount = -1;
            int row = names.indexOf(batch.rowAxis());
            if (row >= 0) {
                rowCount = values[row];
                names.remove(row);
                long[] rest = new long[values.length - 1];
                System.arraycopy(values, 0, rest, 0, row);
                System.arraycopy(values, row + 1, rest, row, rest.length - row);
                values = rest;
            }
            BatchTransform transform = new BatchTransform(operation, reduction, pattern, batch.kind(), batch.rowAxis(),
                    names, values, rowCount);
            // the row axis' length is the number of rows, so the recipe may leave it unnamed
            PlanCache.shared().recipe(operation, pattern, names, transform.minimalRank());
            return transform;
        } catch (EinopsException e) {
            throw e.withContext(label, pattern, null, axesLengths);
        }
    }

    private int minimalRank() {
        return inputEllipsis ? inputGroups - 1 : inputGroups;
    }

    /**
     * The column type of the result, from the input column's type: its encoding, the element type
     * einops' rules give, and the shape wherever the lengths decide it ({@code -1} where the number
     * of rows does).
     *
     * @throws EinopsException if the pattern cannot fit the column's rank, type or known lengths
     */
    public TensorColumnType outputType(TensorColumnType input) {
        try {
            long[] rowShape = readShape(input);
            if (rowShape == null) {
                // a struct: the rows tell the rank
                return TensorColumnType.of(input.encoding(), resultElementType(input.elementType(), true), null);
            }
            ExecutionPlan plan = plan(prepend(TensorColumnType.UNKNOWN, rowShape));
            long[] out = plan.outputShape();
            ElementType element = resultElementType(input.elementType(), plan.reduces());
            if (kind == RowAxisKind.STACK && (input.encoding() == TensorEncoding.FLAT
                    || input.encoding() == TensorEncoding.VECTOR)) {
                // a stack's lengths depend on how many rows it has: only nested arrays carry them
                return TensorColumnType.of(TensorEncoding.NESTED, element, out);
            }
            if (input.encoding() == TensorEncoding.VECTOR && (out.length != 1 || element != ElementType.FLOAT64)) {
                throw new EinopsException("a Vector column's result must be one axis of doubles, but this step gives "
                        + element.label() + " tensors of rank " + out.length + "; convert the column to arrays first");
            }
            return input.with(element, out);
        } catch (EinopsException e) {
            throw e.hasContext() ? e : e.withContext(label(), pattern, input.toString(), axesLengths());
        }
    }

    /**
     * The shape a row of {@code input} is read with: the column's, except that a flat array is read
     * as one axis when the pattern names one axis group besides the row axis. Null when only the data
     * knows the rank.
     */
    public long[] readShape(TensorColumnType input) {
        return input.encoding() == TensorEncoding.FLAT && inputGroups == 2 && !inputEllipsis
                ? input.asOneAxis() : input.shape();
    }

    /**
     * The element type of the result: a reduction's, by einops' rules, when the pattern reduces (a
     * reduction across rows always does), else the input's.
     */
    public ElementType resultElementType(ElementType input, boolean reduces) {
        if (operation != Operation.REDUCE || !(reduces || kind == RowAxisKind.AGGREGATE)) {
            return input;
        }
        return ReductionRules.resultType(Reduction.fromName(reduction), input);
    }

    /**
     * The plan for the stacked rows: {@code shape} is {@code [rows, ...row shape]} ({@code -1} rows
     * at analysis).
     *
     * @throws EinopsException naming the row shape if the pattern cannot fit it
     */
    public ExecutionPlan plan(long[] shape) {
        long[] rowShape = Arrays.copyOfRange(shape, 1, shape.length);
        try {
            checkRank(rowShape);
            return PlanCache.shared().plan(operation, pattern, axisNames, axisValues, shape);
        } catch (EinopsException e) {
            throw e.hasContext() ? e : e.withContext(label(), pattern, Arrays.toString(rowShape) + " per row",
                    axesLengths());
        }
    }

    private void checkRank(long[] rowShape) {
        int rank = rowShape.length + 1;
        int named = inputEllipsis ? inputGroups - 1 : inputGroups;
        if (inputEllipsis ? rank >= named : rank == named) {
            return;
        }
        throw new EinopsException("Wrong shape: expected " + (inputEllipsis ? ">=" : "") + named + " dims. Received "
                + rank + "-dim tensor: the pattern names the row axis and " + (inputEllipsis ? "at least " : "")
                + (named - 1) + " of each row's tensor, but the column holds tensors of rank " + rowShape.length + "; "
                + BatchPattern.RULE);
    }

    private static long[] prepend(long first, long[] rest) {
        long[] out = new long[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
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

    public RowAxisKind kind() {
        return kind;
    }

    /** The row axis' name. */
    public String rowAxis() {
        return rowAxis;
    }

    /** The number of rows the caller gave as the row axis' length, or -1. */
    public long expectedRowCount() {
        return rowCount;
    }

    /** The operation as messages name it: {@code rearrange}, {@code mean-reduction}. */
    public String label() {
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

    /** As {@code explain()} shows it: {@code mean-reduction 'b c h w -> c'}. */
    public String describe() {
        return label() + " '" + pattern + "'" + (axisNames.isEmpty() ? "" : " " + axesLengths());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchTransform t && operation == t.operation && Objects.equals(reduction, t.reduction)
                && pattern.equals(t.pattern) && axisNames.equals(t.axisNames) && Arrays.equals(axisValues, t.axisValues)
                && rowCount == t.rowCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(operation, reduction, pattern, axisNames, Arrays.hashCode(axisValues), rowCount);
    }

    @Override
    public String toString() {
        return describe();
    }
}
