package dev.einops.spark.transform;

import dev.einops.types.EinopsException;
import dev.einops.types.Reduction;
import dev.einops.internal.exec.PlanExecutor;
import dev.einops.nd4j.Nd4jBackend;
import org.nd4j.linalg.api.ndarray.INDArray;
import dev.einops.internal.parse.AxisGroup;
import dev.einops.internal.parse.Pattern;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.types.ElementType;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One per-row einops step on a tensor column: rearrange, reduce or repeat with a pattern that
 * describes one row's tensor. Immutable and serializable: it is made on the driver and travels with
 * the query plan to the executors.
 *
 * <p>A block of {@code k} rows runs as one call of the engine on the stacked tensor {@code [k, ...]},
 * with the pattern's both sides prefixed by a row axis ({@link #blockPattern()}).
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
    private static final java.util.regex.Pattern INPUT_AXIS = java.util.regex.Pattern.compile("([Ii]nput axis) (\\d+)");

    private final PatternArguments arguments;
    private final boolean writtenWithRowAxis;
    private final String rowPattern;
    private final String blockPattern;
    private final int inputGroups;
    private final boolean inputEllipsis;

    private RowTransform(PatternArguments arguments, boolean writtenWithRowAxis, String rowPattern) {
        this.arguments = arguments;
        this.writtenWithRowAxis = writtenWithRowAxis;
        this.rowPattern = rowPattern;
        Pattern parsed = Pattern.parse(rowPattern);
        this.inputGroups = parsed.left().composition().size();
        this.inputEllipsis = parsed.left().hasEllipsis();
        this.blockPattern = blockPattern(parsed, rowPattern);
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
        return create(operation, pattern, reduction, axesLengths, withRowAxis, false);
    }

    /**
     * The per-row part of a verb's pattern that explodes rows ({@code b c (h p) (w q) -> (b h w) c p q}):
     * its row pattern ({@code c (h p) (w q) -> (h w) c p q}) gives each row's result, whose first axis
     * holds the rows the row explodes into.
     *
     * @throws EinopsException if the pattern is invalid or does not explode rows
     */
    public static RowTransform exploding(Operation operation, String pattern, String reduction,
                                         Map<String, ? extends Number> axesLengths) {
        return create(operation, pattern, reduction, axesLengths, true, true);
    }

    private static RowTransform create(Operation operation, String pattern, String reduction,
                                       Map<String, ? extends Number> axesLengths, boolean withRowAxis,
                                       boolean explode) {
        return PatternArguments.build(operation, pattern, reduction, axesLengths, () -> {
            BatchPattern batch = withRowAxis ? BatchPattern.parse(pattern) : null;
            String rowPattern = !withRowAxis ? checkedRowPattern(pattern)
                    : explode ? batch.explodeRowPattern() : batch.rowPattern();
            PatternArguments arguments = PatternArguments.of(operation, reduction, pattern, axesLengths,
                    withRowAxis ? batch.rowAxis() : null);
            RowTransform transform = new RowTransform(arguments, withRowAxis, rowPattern);
            // compile once with any rank the pattern allows, so that bad names and lengths fail now
            arguments.compile(transform.blockPattern, transform.minimalBlockRank());
            return transform;
        });
    }

    private static String checkedRowPattern(String pattern) {
        Pattern.parse(pattern);
        return pattern;
    }

    /** The row pattern with a fresh row axis in front of both sides. */
    private static String blockPattern(Pattern parsed, String rowPattern) {
        String row = "rows";
        for (int i = 1; rowPattern.matches("(?s).*\\b" + row + "\\b.*"); i++) {
            row = "rows" + i;
        }
        return row + " " + side(parsed.left().composition()) + " -> " + row + " " + side(parsed.right().composition());
    }

    private static String side(List<AxisGroup> groups) {
        return String.join(" ", groups.stream().map(AxisGroup::toString).toList());
    }

    private int minimalBlockRank() {
        return 1 + (inputEllipsis ? inputGroups - 1 : inputGroups);
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
                return TensorColumnType.of(input.encoding(), arguments.resultElementType(element, true), null);
            }
            checkRank(rowShape);
            ExecutionPlan plan = arguments.plan(blockPattern, PatternArguments.blockShape(TensorColumnType.UNKNOWN,
                    rowShape));
            long[] out = plan.outputShape();
            long[] outRow = Arrays.copyOfRange(out, 1, out.length);
            ElementType outElement = arguments.resultElementType(element, plan.reduces());
            PatternArguments.checkVectorResult(input, outElement, outRow);
            return input.with(outElement, outRow);
        } catch (EinopsException e) {
            throw arguments.inContext(renumbered(e), input.toString());
        }
    }

    /**
     * The shape a row of {@code input} is read with: the column's shape, except that a flat array is
     * read as one axis when the pattern's input side has one axis group. Null when only the data
     * knows the rank.
     */
    @Override
    public long[] readShape(TensorColumnType input) {
        long[] shape = input.shape();
        if (input.encoding() == TensorEncoding.FLAT && inputGroups == 1 && !inputEllipsis
                && (shape == null || shape.length != 1)) {
            return input.asOneAxis();
        }
        return shape;
    }

    /**
     * {@code e} with the input axes numbered as in the pattern the caller wrote: a pattern of one
     * row's tensor runs as a block pattern with a row axis in front, which the core's messages
     * count ({@code input axis 1 is h} for the {@code h} of {@code h w -> w h}).
     */
    private EinopsException renumbered(EinopsException e) {
        if (writtenWithRowAxis || e.hasContext()) {
            return e;
        }
        java.util.regex.Matcher m = INPUT_AXIS.matcher(e.reason());
        StringBuilder reason = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(reason, m.group(1) + " " + (Integer.parseInt(m.group(2)) - 1));
        }
        m.appendTail(reason);
        return new EinopsException(reason.toString(), e.getCause());
    }

    private void checkRank(long[] rowShape) {
        PatternArguments.checkRank(rowShape, inputEllipsis ? inputGroups - 1 : inputGroups, inputEllipsis,
                writtenWithRowAxis);
    }

    /**
     * The plan for a block of rows of one shape: {@code blockShape} is {@code [rows, ...row shape]}.
     *
     * @throws EinopsException naming the row shape if the pattern cannot fit it
     */
    public ExecutionPlan plan(long[] blockShape) {
        try {
            long[] rowShape = Arrays.copyOfRange(blockShape, 1, blockShape.length);
            checkRank(rowShape);
            return arguments.plan(blockPattern, blockShape);
        } catch (EinopsException e) {
            throw arguments.inContext(renumbered(e),
                    Arrays.toString(Arrays.copyOfRange(blockShape, 1, blockShape.length)));
        }
    }

    /**
     * The number of rows the caller said the row axis has (a verb's pattern with the row axis' length
     * among the axis lengths), or -1.
     */
    public long expectedRowCount() {
        return arguments.rowCount();
    }

    @Override
    public INDArray apply(INDArray block, Nd4jBackend backend, boolean engineMemory) {
        ExecutionPlan plan = plan(block.shape());
        Reduction r = arguments.reductionOrNull();
        return PlanExecutor.execute(plan, backend, block, r == null ? null : (x, axes) -> backend.reduce(x, r, axes),
                engineMemory);
    }

    @Override
    public String name() {
        return "einops_" + arguments.operation().label();
    }

    /** The operation as messages name it: {@code rearrange}, {@code max-reduction}, {@code repeat}. */
    public String label() {
        return arguments.label();
    }

    public Operation operation() {
        return arguments.operation();
    }

    /** The reduction's name, or null. */
    public String reduction() {
        return arguments.reduction();
    }

    @Override
    public String pattern() {
        return arguments.pattern();
    }

    /** The pattern of one row's tensor. */
    public String rowPattern() {
        return rowPattern;
    }

    /** The pattern a block of rows runs with: the row pattern with a row axis in front of both sides. */
    public String blockPattern() {
        return blockPattern;
    }

    /** The axis lengths, in the order given. */
    public Map<String, Long> axesLengths() {
        return arguments.axesLengths();
    }

    @Override
    public String describe() {
        return arguments.describe(rowPattern);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowTransform t && arguments.equals(t.arguments) && writtenWithRowAxis == t.writtenWithRowAxis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(arguments, writtenWithRowAxis);
    }

    @Override
    public String toString() {
        return describe();
    }
}
