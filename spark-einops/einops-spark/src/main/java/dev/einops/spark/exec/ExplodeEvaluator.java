package dev.einops.spark.exec;

import dev.einops.nd4j.KernelParallelism;
import dev.einops.spark.ErrorMode;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.transform.ExplodeTransform;
import dev.einops.spark.transform.TensorChain;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;

/**
 * The rows of one partition, each exploded into the rows its tensor's result holds, evaluated on
 * blocks as {@link BlockEvaluator} does: the output keeps the input order, and within a row the
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
public final class ExplodeEvaluator implements Iterator<InternalRow>, AutoCloseable {
    private final Iterator<InternalRow> input;
    private final Expression tensor;
    private final ExplodeTransform explode;
    private final boolean outer;
    private final boolean indices;
    private final UnsafeProjection passThrough;
    private final UnsafeProjection output;
    private final BlockSettings settings;
    private final BlockMetrics metrics;
    private final ChainRunner runner;
    private final UnsafeRow[] passed;
    private final long[] handles;
    private final JoinedRow joined = new JoinedRow();
    private final GenericInternalRow generated;
    private final Map<List<Long>, long[]> indexLengths = new HashMap<>();
    private int size;
    private int position;
    private int exploded;
    private boolean closed;

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
        this.input = input;
        this.tensor = tensor;
        this.explode = explode;
        this.outer = outer;
        this.indices = indices;
        this.passThrough = passThrough;
        this.output = output;
        this.settings = settings;
        this.metrics = metrics;
        this.runner = new ChainRunner(chain, column, mode, memory.allocator(), settings.rowLimit());
        this.passed = new UnsafeRow[settings.rows()];
        this.handles = new long[settings.rows()];
        this.generated = new GenericInternalRow(1 + (indices ? explode.indexAxes().size() : 0));
        memory.register(this);
    }

    @Override
    public boolean hasNext() {
        while (true) {
            if (position < size && exploded < rowsOf(position)) {
                return true;
            }
            if (position < size) {
                position++;
                exploded = 0;
                continue;
            }
            if (closed || !input.hasNext()) {
                close();
                return false;
            }
            fill();
        }
    }

    /** Output rows of input row {@code i}: its exploded rows, or one row of nulls for an outer generator. */
    private int rowsOf(int i) {
        int n = runner.explodedRows(handles[i]);
        return n == 0 && outer ? 1 : n;
    }

    private void fill() {
        runner.reset();
        size = 0;
        position = 0;
        exploded = 0;
        long malformedBefore = runner.malformedRows();
        long blocksBefore = runner.blocks();
        while (size < settings.rows() && runner.windowBytes() < settings.bytes() && input.hasNext()) {
            InternalRow row = input.next();
            passed[size] = passThrough.apply(row).copy();
            handles[size] = runner.add(tensor.eval(row));
            size++;
        }
        try (KernelParallelism.Scope scope = KernelParallelism.limitCurrentThread(settings.kernelThreads())) {
            runner.evaluate();
        }
        metrics.blocks(runner.blocks() - blocksBefore);
        metrics.malformedRows(runner.malformedRows() - malformedBefore);
        if (runner.firstMalformedReason() != null) {
            metrics.malformedReason(runner.firstMalformedReason());
        }
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long handle = handles[position];
        boolean nulls = runner.explodedRows(handle) == 0;
        generated.update(0, nulls ? null : runner.value(handle, exploded));
        if (indices) {
            long[] lengths = nulls ? null : lengthsOf(runner.rowShape(handle));
            long rest = exploded;
            for (int a = explode.indexAxes().size() - 1; a >= 0; a--) {
                generated.update(1 + a, nulls ? null : (int) (rest % lengths[a]));
                if (!nulls) {
                    rest /= lengths[a];
                }
            }
        }
        UnsafeRow row = output.apply(joined.apply(passed[position], generated));
        exploded++;
        return row;
    }

    private long[] lengthsOf(long[] rowShape) {
        return indexLengths.computeIfAbsent(Arrays.stream(rowShape).boxed().toList(), k -> explode.indexLengths(rowShape));
    }

    /** Returns every block's memory; the task's end does it too. Closing twice is safe. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            runner.close();
        }
    }
}
