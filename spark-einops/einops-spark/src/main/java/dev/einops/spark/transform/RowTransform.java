package dev.einops.spark.transform;

import dev.einops.internal.exec.PlanExecutor;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.nd4j.Nd4jBackend;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import dev.einops.types.Reduction;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One per-row einops step on a tensor column: rearrange, reduce or repeat, made of one
 * {@link CompiledCall}. Immutable and serializable: it is made on the driver and travels with the
 * query plan to the executors.
 *
 * <p>A block of {@code k} rows runs as one call of the engine on the stacked tensor {@code [k, ...]},
 * with the call's {@link CompiledCall#blockPattern() block pattern}.
 *
 * <pre>{@code
 * RowTransform t = RowTransform.of(Operation.REARRANGE, "c h w -> h w c", null, Map.of(), false);
 * t.outputType(TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64}));
 *                                 // nested float32 tensors of shape [64, 64, 3]
 * t.blockPattern();               // rows c h w -> rows h w c
 * }</pre>
 */
public final class RowTransform implements BlockStep {
    private static final long serialVersionUID = 1L;

    private final CompiledCall call;

    private RowTransform(CompiledCall call) {
        this.call = call;
    }

    /**
     * A step of {@code operation} with {@code pattern}.
     *
     * @param reduction          the reduction's name for {@link Operation#REDUCE}, else null
     * @param withRowAxis        whether the pattern starts with the row axis (a DataFrame verb's
     *                           pattern, {@code b c h w -> b h w c}) or describes one row's tensor (a
     *                           column function's, {@code c h w -> h w c})
     * @throws EinopsException   if the pattern, the reduction or the lengths are invalid, or a verb's
     *                           pattern moves the row axis
     */
    public static RowTransform of(Operation operation, String pattern, String reduction,
                                  Map<String, ? extends Number> axesLengths, boolean withRowAxis) {
        return of(withRowAxis ? CompiledCall.verb(operation, pattern, reduction, axesLengths)
                : CompiledCall.rowFunction(operation, pattern, reduction, axesLengths));
    }

    /**
     * The step of a compiled call that maps each row to one row.
     *
     * @throws EinopsException with the call's context if the call's pattern moves rows
     */
    public static RowTransform of(CompiledCall call) {
        if (call.kind() != RowAxisKind.PER_ROW) {
            throw call.inContext(BatchPattern.notPerRow(call.rowAxis(), call.kind()), null);
        }
        return new RowTransform(call);
    }

    /**
     * The per-row part of a verb's call that explodes rows ({@code b c (h p) (w q) -> (b h w) c p q}):
     * each row's result's first axis holds the rows the row explodes into.
     */
    static RowTransform exploding(CompiledCall call) {
        if (call.kind() != RowAxisKind.EXPLODE) {
            throw call.error("the pattern " + call.pattern() + " " + BatchPattern.describeKind(call.kind()) + ", not "
                    + BatchPattern.describeKind(RowAxisKind.EXPLODE));
        }
        return new RowTransform(call);
    }

    /** The call this step runs. */
    public CompiledCall call() {
        return call;
    }

    /**
     * The column type of the result, computed from the input column's type alone: the encoding is
     * kept, the element type follows einops' rules for the reduction, and the shape is known
     * wherever the input's lengths decide it.
     *
     * @throws EinopsException if the pattern cannot fit the column's rank, type or known lengths
     */
    @Override
    public TensorColumnType outputType(TensorColumnType input) {
        try {
            ElementType element = input.elementType();
            long[] rowShape = readShape(input);
            if (rowShape == null) {
                // a struct whose rank only the data tells: the type is all that analysis can give
                return TensorColumnType.of(input.encoding(), call.resultElementType(element, true), null);
            }
            call.checkRank(rowShape);
            ExecutionPlan plan = call.plan(CompiledCall.blockShape(TensorColumnType.UNKNOWN, rowShape));
            long[] out = plan.outputShape();
            long[] outRow = Arrays.copyOfRange(out, 1, out.length);
            ElementType outElement = call.resultElementType(element, plan.reduces());
            CompiledCall.checkVectorResult(input, outElement, outRow);
            return input.with(outElement, outRow);
        } catch (EinopsException e) {
            throw call.inContext(e, input.toString());
        }
    }

    /**
     * The shape a row of {@code input} is read with: the column's shape, except that a flat array is
     * read as one axis when the pattern's input side has one axis group. Null when only the data
     * knows the rank.
     */
    @Override
    public long[] readShape(TensorColumnType input) {
        return call.readShape(input);
    }

    /**
     * The plan for a block of rows of one shape: {@code blockShape} is {@code [rows, ...row shape]}.
     *
     * @throws EinopsException naming the row shape if the pattern cannot fit it
     */
    public ExecutionPlan plan(long[] blockShape) {
        try {
            call.checkRank(Arrays.copyOfRange(blockShape, 1, blockShape.length));
            return call.plan(blockShape);
        } catch (EinopsException e) {
            throw call.inContext(e, Arrays.toString(Arrays.copyOfRange(blockShape, 1, blockShape.length)));
        }
    }

    /**
     * The number of rows the caller said the row axis has (a verb's pattern with the row axis' length
     * among the axis lengths), or -1.
     */
    public long expectedRowCount() {
        return call.rowCount();
    }

    @Override
    public INDArray apply(INDArray block, Nd4jBackend backend, boolean engineMemory) {
        ExecutionPlan plan = plan(block.shape());
        Reduction r = call.reductionOrNull();
        return PlanExecutor.execute(plan, backend, block, r == null ? null : (x, axes) -> backend.reduce(x, r, axes),
                engineMemory);
    }

    @Override
    public String name() {
        return dev.einops.spark.catalyst.EinopsRegistry.stepName(call.operation());
    }

    /** The operation as messages name it: {@code rearrange}, {@code max-reduction}, {@code repeat}. */
    @Override
    public String label() {
        return call.label();
    }

    public Operation operation() {
        return call.operation();
    }

    /** The reduction's name, or null. */
    public String reduction() {
        return call.reduction();
    }

    @Override
    public String pattern() {
        return call.pattern();
    }

    /** The pattern of one row's tensor. */
    public String rowPattern() {
        return call.rowPattern();
    }

    /** The pattern a block of rows runs with. */
    public String blockPattern() {
        return call.blockPattern();
    }

    /** The axis lengths, in the order given. */
    @Override
    public Map<String, Long> axesLengths() {
        return call.axesLengths();
    }

    @Override
    public String describe() {
        return call.describe();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowTransform t && call.equals(t.call);
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
