package dev.einops.spark.exec;

import dev.einops.spark.ErrorMode;
import dev.einops.types.ElementType;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.transform.TensorChain;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;

/**
 * The rows of one partition with einops steps evaluated on blocks ({@link BlockPass}): the rows come
 * back out in their input order, each the pass-through columns followed by one result per chain.
 * Without an output projection the rows go out as the pass-through row joined with the results,
 * which point into the block's memory: for a parent that projects them anyway (the projection the
 * block was lifted from), so that each result is copied into its output row once.
 *
 * <pre>{@code
 * TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
 * TensorChain chain = TensorChain.of(pairs, List.of(RowTransform.of(Operation.REARRANGE, "a b -> b a", null, Map.of(), false)));
 * Iterator<InternalRow> rows = List.<InternalRow>of(
 *         new GenericInternalRow(new Object[] {ArrayData.toArrayData(new float[] {1, 2, 3, 4, 5, 6})})).iterator();
 * TaskMemory memory = TaskMemory.open("example");
 * BlockEvaluator out = new BlockEvaluator(rows, new Expression[] {new BoundReference(0, pairs.sparkType(), true)},
 *         new TensorChain[] {chain}, new String[] {"t"}, UnsafeProjection.create(new DataType[0]),
 *         UnsafeProjection.create(new DataType[] {chain.outputType().sparkType()}), new BlockSettings(4096, 16L << 20),
 *         new ErrorMode[] {ErrorMode.FAILFAST}, BlockMetrics.NONE, memory);
 * float[] first = out.next().getArray(0).toFloatArray();   // [1, 4, 2, 5, 3, 6]
 * memory.close();                                          // closes the evaluator too
 * }</pre>
 */
public final class BlockEvaluator extends BlockPass {
    private final UnsafeProjection output;
    private final JoinedRow joined = new JoinedRow();
    private final GenericInternalRow results;

    /**
     * @param inputs      per chain, the expression giving its input tensor, bound to the input rows
     * @param chains      the steps of each result column
     * @param columns     per chain, the input column's name for messages
     * @param modes       per chain, what a malformed row gives
     * @param passThrough the input columns the output keeps
     * @param output      makes the output row from the pass-through row joined with the results; null to
     *                    hand out the joined row itself
     */
    public BlockEvaluator(Iterator<InternalRow> input, Expression[] inputs, TensorChain[] chains, String[] columns,
                          UnsafeProjection passThrough, UnsafeProjection output, BlockSettings settings,
                          ErrorMode[] modes, BlockMetrics metrics, TaskMemory memory) {
        super(input, inputs, chains, columns, modes, passThrough, settings, metrics, memory);
        this.output = output;
        this.results = new GenericInternalRow(chains.length);
    }

    @Override
    protected int outputRows(int slot) {
        return 1;
    }

    @Override
    protected InternalRow output(UnsafeRow passed, int slot, int j) {
        for (int c = 0; c < results.numFields(); c++) {
            results.update(c, runner(c).value(handle(c, slot)));
        }
        InternalRow row = joined.apply(passed, results);
        return output == null ? row : output.apply(row);
    }
}
