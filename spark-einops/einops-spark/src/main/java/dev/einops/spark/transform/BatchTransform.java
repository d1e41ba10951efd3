package dev.einops.spark.transform;

import dev.einops.types.ElementType;
import dev.einops.types.EinopsException;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

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

    private final CompiledCall call;

    private BatchTransform(CompiledCall call) {
        this.call = call;
    }

    /**
     * The transform of {@code pattern}, whose row axis must be of kind {@code expected}.
     *
     * @throws EinopsException if the pattern, reduction or lengths are invalid, or the kind differs
     */
    public static BatchTransform of(Operation operation, String pattern, String reduction,
                                    Map<String, ? extends Number> axesLengths, RowAxisKind expected) {
        return of(CompiledCall.verb(operation, pattern, reduction, axesLengths), expected);
    }

    /**
     * The transform of a compiled verb's call, whose row axis must be of kind {@code expected}.
     *
     * @throws EinopsException with the call's context if the kind differs
     */
    public static BatchTransform of(CompiledCall call, RowAxisKind expected) {
        if (call.kind() != expected) {
            throw call.error("this pattern's row axis " + call.rowAxis() + " is "
                    + call.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", where a "
                    + expected.name().toLowerCase(java.util.Locale.ROOT) + " pattern is needed; " + BatchPattern.RULE);
        }
        return new BatchTransform(call);
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
            ExecutionPlan plan = plan(CompiledCall.blockShape(TensorColumnType.UNKNOWN, rowShape));
            long[] out = plan.outputShape();
            ElementType element = resultElementType(input.elementType(), plan.reduces());
            if (call.kind() == RowAxisKind.STACK && (input.encoding() == TensorEncoding.FLAT
                    || input.encoding() == TensorEncoding.VECTOR)) {
                // a stack's lengths depend on how many rows it has: only nested arrays carry them
                return TensorColumnType.of(TensorEncoding.NESTED, element, out);
            }
            CompiledCall.checkVectorResult(input, element, out);
            return input.with(element, out);
        } catch (EinopsException e) {
            throw call.inContext(e, input.toString());
        }
    }

    /**
     * The shape a row of {@code input} is read with: the column's, except that a flat array is read
     * as one axis when the pattern names one axis group besides the row axis. Null when only the data
     * knows the rank.
     */
    public long[] readShape(TensorColumnType input) {
        return call.readShape(input);
    }

    /**
     * The element type of the result: a reduction's, by einops' rules, when the pattern reduces (a
     * reduction across rows always does), else the input's.
     */
    public ElementType resultElementType(ElementType input, boolean reduces) {
        return call.resultElementType(input, reduces || call.kind() == RowAxisKind.AGGREGATE);
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
            call.checkRank(rowShape);
            return call.plan(shape);
        } catch (EinopsException e) {
            throw call.inContext(e, Arrays.toString(rowShape) + " per row");
        }
    }

    public Operation operation() {
        return call.operation();
    }

    /** The reduction's name, or null. */
    public String reduction() {
        return call.reduction();
    }

    /** The pattern as the caller wrote it. */
    public String pattern() {
        return call.pattern();
    }

    public RowAxisKind kind() {
        return call.kind();
    }

    /** The row axis' name. */
    public String rowAxis() {
        return call.rowAxis();
    }

    /** The number of rows the caller gave as the row axis' length, or -1. */
    public long expectedRowCount() {
        return call.rowCount();
    }

    /** The operation as messages name it: {@code rearrange}, {@code mean-reduction}. */
    public String label() {
        return call.label();
    }

    /** The axis lengths, without the row axis', in the order given. */
    public Map<String, Long> axesLengths() {
        return call.axesLengths();
    }

    /** As {@code explain()} shows it: {@code mean-reduction 'b c h w -> c'}. */
    public String describe() {
        return call.describe();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchTransform t && call.equals(t.call);
    }

    @Override
    public int hashCode() {
        return call.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
