package dev.einops.spark.exec;

import dev.einops.spark.ErrorMode;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.transform.ExplodeTransform;
import dev.einops.spark.transform.TensorChain;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;

/**
 * The rows of one partition, each exploded into the rows its tensor's result holds, evaluated on
 * blocks ({@link BlockPass}): the output keeps the input order, and within a row the
 * order of the exploded axes ({@code (b h w)}: b, then h, then w). Each output row is the
 * pass-through columns, the exploded row's tensor and, if asked, its index along each exploded
 * axis. A null or malformed (PERMISSIVE) tensor explodes into no rows, or into one row of nulls
 * when the generator is outer.
 *
 * <pre>{@code
 * ExplodeTransform patches = ExplodeTransform.of(Operation.REARRANGE, "b (h p) -> (b h) p", null, Map.of("p", 2));
 * TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {4});
 * TensorChain chain = TensorChain.of(pairs, List.of(patches.perRow()), true);
 * Iterator<InternalRow> rows = List.<InternalRow>of(
 *         new GenericInternalRow(new Object[] {ArrayData.toArrayData(new float[] {1, 2, 3, 4})})).iterator();
 * TaskMemory memory = TaskMemory.open("example");
 * ExplodeEvaluator out = new ExplodeEvaluator(rows, new BoundReference(0, pairs.sparkType(), true), chain, patches,
 *         "t", false, true, UnsafeProjection.create(new DataType[0]),
 *         UnsafeProjection.create(new DataType[] {patches.outputType(pairs).sparkType(), DataTypes.IntegerType}),
 *         new BlockSettings(4096, 16L << 20), ErrorMode.FAILFAST, BlockMetrics.NONE, memory);
 * InternalRow first = out.next().copy();   // [[1, 2], 0]: the first pair and its index along h
 * InternalRow second = out.next();  // [[3, 4], 1]
 * memory.close();
 * }</pre>
 */
public final class ExplodeEvaluator extends BlockPass {
    private final ExplodeTransform explode;
    private final boolean outer;
    private final boolean indices;
    private final UnsafeProjection output;
    private final JoinedRow joined = new JoinedRow();
    private final GenericInternalRow generated;
    private final Map<List<Long>, long[]> indexLengths = new HashMap<>();

    /**
     * @param tensor  the expression giving each input row's tensor, bound to the input rows
     * @param chain   the steps, the last one exploding ({@link ExplodeTransform#perRow()})
     * @param outer   whether a null or malformed tensor gives one row of nulls rather than none
     * @param indices whether each output row carries its index along each exploded axis
     */
    public ExplodeEvaluator(Iterator<InternalRow> input, Expression tensor, TensorChain chain, ExplodeTransform explode,
                            String column, boolean outer, boolean indices, UnsafeProjection passThrough,
                            UnsafeProjection output, BlockSettings settings, ErrorMode mode, BlockMetrics metrics,
                            TaskMemory memory) {
        super(input, new Expression[] {tensor}, new TensorChain[] {chain}, new String[] {column},
                new ErrorMode[] {mode}, passThrough, settings, metrics, memory);
        this.explode = explode;
        this.outer = outer;
        this.indices = indices;
        this.output = output;
        this.generated = new GenericInternalRow(1 + (indices ? explode.indexAxes().size() : 0));
    }

    /** Output rows of input row {@code slot}: its exploded rows, or one row of nulls for an outer generator. */
    @Override
    protected int outputRows(int slot) {
        int n = runner(0).explodedRows(handle(0, slot));
        return n == 0 && outer ? 1 : n;
    }

    @Override
    protected InternalRow output(UnsafeRow passed, int slot, int j) {
        ChainRunner runner = runner(0);
        long handle = handle(0, slot);
        boolean nulls = runner.explodedRows(handle) == 0;
        generated.update(0, nulls ? null : runner.value(handle, j));
        if (indices) {
            int[] at = nulls ? null : ExplodeTransform.indices(lengthsOf(runner.rowShape(handle)), j);
            for (int a = 0; a < explode.indexAxes().size(); a++) {
                generated.update(1 + a, nulls ? null : at[a]);
            }
        }
        return output.apply(joined.apply(passed, generated));
    }

    private long[] lengthsOf(long[] rowShape) {
        return indexLengths.computeIfAbsent(Arrays.stream(rowShape).boxed().toList(), k -> explode.indexLengths(rowShape));
    }
}
