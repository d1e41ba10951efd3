package dev.einops.spark.transform;

import dev.einops.types.ElementType;
import dev.einops.types.EinopsException;
import dev.einops.internal.parse.Pattern;
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

    private final PatternArguments arguments;
    private final RowAxisKind kind;
    private final String rowAxis;
    private final int inputGroups;
    private final boolean inputEllipsis;

    private BatchTransform(PatternArguments arguments, RowAxisKind kind, String rowAxis) {
        this.arguments = arguments;
        this.kind = kind;
        this.rowAxis = rowAxis;
        Pattern parsed = Pattern.parse(arguments.pattern());
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
        return PatternArguments.build(operation, pattern, reduction, axesLengths, () -> {
            BatchPattern batch = BatchPattern.parse(pattern);
            if (batch.kind() != expected) {
                throw new EinopsException("this pattern's row axis " + batch.rowAxis() + " is "
                        + batch.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", where a "
                        + expected.name().toLowerCase(java.util.Locale.ROOT) + " pattern is needed; "
                        + BatchPattern.RULE);
            }
            PatternArguments arguments = PatternArguments.of(operation, reduction, pattern, axesLengths,
                    batch.rowAxis());
            BatchTransform transform = new BatchTransform(arguments, batch.kind(), batch.rowAxis());
            // the row axis' length is the number of rows, so the recipe may leave it unnamed
            arguments.compile(pattern, transform.minimalRank());
            return transform;
        });
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
            ExecutionPlan plan = plan(PatternArguments.blockShape(TensorColumnType.UNKNOWN, rowShape));
            long[] out = plan.outputShape();
            ElementType element = resultElementType(input.elementType(), plan.reduces());
            if (kind == RowAxisKind.STACK && (input.encoding() == TensorEncoding.FLAT
                    || input.encoding() == TensorEncoding.VECTOR)) {
                // a stack's lengths depend on how many rows it has: only nested arrays carry them
                return TensorColumnType.of(TensorEncoding.NESTED, element, out);
            }
            PatternArguments.checkVectorResult(input, element, out);
            return input.with(element, out);
        } catch (EinopsException e) {
            throw arguments.inContext(e, input.toString());
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
        return arguments.resultElementType(input, reduces || kind == RowAxisKind.AGGREGATE);
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
            // the pattern names the row axis too, which is no axis of a row's tensor
            PatternArguments.checkRank(rowShape, (inputEllipsis ? inputGroups - 1 : inputGroups) - 1, inputEllipsis,
                    true);
            return arguments.plan(arguments.pattern(), shape);
        } catch (EinopsException e) {
            throw arguments.inContext(e, Arrays.toString(rowShape) + " per row");
        }
    }

    public Operation operation() {
        return arguments.operation();
    }

    /** The reduction's name, or null. */
    public String reduction() {
        return arguments.reduction();
    }

    /** The pattern as the caller wrote it. */
    public String pattern() {
        return arguments.pattern();
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
        return arguments.rowCount();
    }

    /** The operation as messages name it: {@code rearrange}, {@code mean-reduction}. */
    public String label() {
        return arguments.label();
    }

    /** The axis lengths, without the row axis', in the order given. */
    public Map<String, Long> axesLengths() {
        return arguments.axesLengths();
    }

    /** As {@code explain()} shows it: {@code mean-reduction 'b c h w -> c'}. */
    public String describe() {
        return arguments.describe(arguments.pattern());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchTransform t && arguments.equals(t.arguments);
    }

    @Override
    public int hashCode() {
        return arguments.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
