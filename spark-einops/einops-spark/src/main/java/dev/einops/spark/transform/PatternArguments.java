package dev.einops.spark.transform;

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
import java.util.function.Supplier;

/**
 * The checked arguments of a pattern step on a tensor column, and the rules that {@link RowTransform}
 * and {@link BatchTransform} share about them: a reduction is named exactly when the operation
 * reduces; the row axis' length, when given, is taken out of the axis lengths as an assertion on the
 * number of rows; how messages name the operation and show the lengths; the wording of the rank
 * check; what a Vector column's result must be; and how errors get the call's context. Immutable and
 * serializable.
 */
final class PatternArguments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Operation operation;
    private final String reduction;
    private final String pattern;
    private final List<String> axisNames;
    private final long[] axisValues;
    private final long rowCount;

    private PatternArguments(Operation operation, String reduction, String pattern, List<String> axisNames,
                             long[] axisValues, long rowCount) {
        this.operation = operation;
        this.reduction = reduction;
        this.pattern = pattern;
        this.axisNames = List.copyOf(axisNames);
        this.axisValues = axisValues.clone();
        this.rowCount = rowCount;
    }

    /**
     * Builds a step from a call's arguments: checks the reduction against the operation, then runs
     * {@code make}; an {@link EinopsException} from either gets the call's context (the operation as
     * messages name it, the pattern, the axis lengths as given).
     */
    static <T> T build(Operation operation, String pattern, String reduction,
                       Map<String, ? extends Number> axesLengths, Supplier<T> make) {
        Objects.requireNonNull(operation, "operation");
        try {
            if (operation == Operation.REDUCE) {
                Reduction.fromName(reduction);
            } else if (reduction != null) {
                throw new EinopsException(operation.label() + " takes no reduction, got '" + reduction + "'");
            }
            return make.get();
        } catch (EinopsException e) {
            throw e.withContext(label(operation, reduction), pattern, null, axesLengths);
        }
    }

    /**
     * The arguments with the axis lengths checked; the length of {@code rowAxis} (null: no row axis),
     * if given, is the expected number of rows rather than an axis length.
     *
     * @throws EinopsException if a length is invalid
     */
    static PatternArguments of(Operation operation, String reduction, String pattern,
                               Map<String, ? extends Number> axesLengths, String rowAxis) {
        AxesLengths given = AxesLengths.of(axesLengths);
        List<String> names = new ArrayList<>(given.names());
        long[] values = given.values();
        long rowCount = -1;
        int row = rowAxis == null ? -1 : names.indexOf(rowAxis);
        if (row >= 0) {
            // the row axis is the DataFrame's rows: its length is an assertion on their number
            rowCount = values[row];
            names.remove(row);
            long[] rest = new long[values.length - 1];
            System.arraycopy(values, 0, rest, 0, row);
            System.arraycopy(values, row + 1, rest, row, rest.length - row);
            values = rest;
        }
        return new PatternArguments(operation, reduction, pattern, names, values, rowCount);
    }

    private static String label(Operation operation, String reduction) {
        return operation == Operation.REDUCE ? reduction + "-reduction" : operation.label();
    }

    /**
     * Checks that rows of {@code rowShape} fit a pattern that names {@code named} axis groups of each
     * row's tensor (besides an ellipsis, if it has one, and the row axis), in the reference's wording
     * with the ranks the pattern counts: those of a pattern written with the row axis include it.
     *
     * @throws EinopsException if they do not
     */
    static void checkRank(long[] rowShape, int named, boolean ellipsis, boolean withRowAxis) {
        int rank = rowShape.length;
        if (ellipsis ? rank >= named : rank == named) {
            return;
        }
        int extra = withRowAxis ? 1 : 0;
        String expected = (ellipsis ? ">=" : "") + (named + extra);
        String axes = (withRowAxis ? "the row axis and " : "") + (ellipsis ? "at least " : "") + named
                + " of each row's tensor";
        throw new EinopsException("Wrong shape: expected " + expected + " dims. Received " + (rank + extra)
                + "-dim tensor: the pattern names " + axes + ", but the column holds tensors of rank " + rank + "; "
                + BatchPattern.RULE);
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

    /** Compiles {@code compiledPattern} for inputs of at least {@code minimalRank}, so that bad names and lengths fail now. */
    void compile(String compiledPattern, int minimalRank) {
        PlanCache.shared().recipe(operation, compiledPattern, axisNames, minimalRank);
    }

    /** The plan of {@code compiledPattern} with these lengths for an input of {@code shape}. */
    ExecutionPlan plan(String compiledPattern, long[] shape) {
        return PlanCache.shared().plan(operation, compiledPattern, axisNames, axisValues, shape);
    }

    /** {@code e} with the call's context and {@code input} as the input's shape, unless it has a context. */
    EinopsException inContext(EinopsException e, String input) {
        return e.hasContext() ? e : e.withContext(label(), pattern, input, axesLengths());
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

    Operation operation() {
        return operation;
    }

    String reduction() {
        return reduction;
    }

    /** The pattern as the caller wrote it. */
    String pattern() {
        return pattern;
    }

    /** The number of rows the caller gave as the row axis' length, or -1. */
    long rowCount() {
        return rowCount;
    }

    /** The operation as messages name it: {@code rearrange}, {@code max-reduction}, {@code repeat}. */
    String label() {
        return label(operation, reduction);
    }

    /** The axis lengths, without the row axis', in the order given. */
    Map<String, Long> axesLengths() {
        Map<String, Long> lengths = new LinkedHashMap<>();
        for (int i = 0; i < axisNames.size(); i++) {
            lengths.put(axisNames.get(i), axisValues[i]);
        }
        return lengths;
    }

    /** As {@code explain()} shows a step of {@code shown}: {@code mean-reduction 'b c h w -> c' {h=2}}. */
    String describe(String shown) {
        return label() + " '" + shown + "'" + (axisNames.isEmpty() ? "" : " " + axesLengths());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatternArguments a && operation == a.operation && Objects.equals(reduction, a.reduction)
                && pattern.equals(a.pattern) && axisNames.equals(a.axisNames) && Arrays.equals(axisValues, a.axisValues)
                && rowCount == a.rowCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(operation, reduction, pattern, axisNames, Arrays.hashCode(axisValues), rowCount);
    }
}
