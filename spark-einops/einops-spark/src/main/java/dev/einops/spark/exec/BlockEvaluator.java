package dev.einops.spark.exec;

import dev.einops.nd4j.KernelParallelism;
import dev.einops.spark.ErrorMode;
import dev.einops.types.ElementType;
import dev.einops.spark.tensor.SparkElementTypes;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.transform.TensorChain;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;

/**
 * The rows of one partition with einops steps evaluated on blocks: up to
 * {@link BlockSettings#rows()} rows (and about {@link BlockSettings#bytes()} bytes) are read, each
 * tensor copied into the block of its shape, the blocks run through the engine, and the rows come
 * back out in their input order, each the pass-through columns followed by the results. Memory is
 * the task's ({@link TaskMemory}) and bounded by the block size, whatever the partition's size.
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
public final class BlockEvaluator implements Iterator<InternalRow>, AutoCloseable {
    private final Iterator<InternalRow> input;
    private final Expression[] inputs;
    private final UnsafeProjection passThrough;
    private final UnsafeProjection output;
    private final BlockSettings settings;
    private final BlockMetrics metrics;
    private final ChainRunner[] runners;
    private final UnsafeRow[] passed;
    private final long[][] handles;
    private final JoinedRow joined = new JoinedRow();
    private final GenericInternalRow results;
    private int size;
    private int position;
    private boolean closed;

    /**
     * @param inputs      per chain, the expression giving its input tensor, bound to the input rows
     * @param chains      the steps of each result column
     * @param columns     per chain, the input column's name for messages
     * @param modes       per chain, what a malformed row gives
     * @param passThrough the input columns the output keeps
     * @param output      makes the output row from the pass-through row joined with the results
     */
    public BlockEvaluator(Iterator<InternalRow> input, Expression[] inputs, TensorChain[] chains, String[] columns,
                          UnsafeProjection passThrough, UnsafeProjection output, BlockSettings settings,
                          ErrorMode[] modes, BlockMetrics metrics, TaskMemory memory) {
        this.input = input;
        this.inputs = inputs.clone();
        this.passThrough = passThrough;
        this.output = output;
        this.settings = settings;
        this.metrics = metrics;
        this.runners = new ChainRunner[chains.length];
        for (int c = 0; c < chains.length; c++) {
            runners[c] = new ChainRunner(chains[c], columns[c], modes[c], memory.allocator(), settings.rowLimit());
        }
        this.passed = new UnsafeRow[settings.rows()];
        this.handles = new long[chains.length][settings.rows()];
        this.results = new GenericInternalRow(chains.length);
        memory.register(this);
    }

    @Override
    public boolean hasNext() {
        if (position < size) {
            return true;
        }
        if (closed || !input.hasNext()) {
            close();
            return false;
        }
        fill();
        return size > 0;
    }

    private void fill() {
        for (ChainRunner runner : runners) {
            runner.reset();
        }
        size = 0;
        position = 0;
        long bytes = 0;
        long malformedBefore = malformed();
        long blocksBefore = blocks();
        while (size < settings.rows() && bytes < settings.bytes() && input.hasNext()) {
            InternalRow row = input.next();
            passed[size] = passThrough.apply(row).copy();
            for (int c = 0; c < runners.length; c++) {
                handles[c][size] = runners[c].add(inputs[c].eval(row));
            }
            size++;
            bytes = 0;
            for (ChainRunner runner : runners) {
                bytes += runner.windowBytes();
            }
        }
        try (KernelParallelism.Scope scope = KernelParallelism.limitCurrentThread(settings.kernelThreads())) {
            for (ChainRunner runner : runners) {
                runner.evaluate();
            }
        }
        metrics.blocks(blocks() - blocksBefore);
        metrics.malformedRows(malformed() - malformedBefore);
        for (ChainRunner runner : runners) {
            if (runner.firstMalformedReason() != null) {
                metrics.malformedReason(runner.firstMalformedReason());
            }
        }
    }

    private long malformed() {
        long n = 0;
        for (ChainRunner runner : runners) {
            n += runner.malformedRows();
        }
        return n;
    }

    private long blocks() {
        long n = 0;
        for (ChainRunner runner : runners) {
            n += runner.blocks();
        }
        return n;
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        for (int c = 0; c < runners.length; c++) {
            results.update(c, runners[c].value(handles[c][position]));
        }
        UnsafeRow row = output.apply(joined.apply(passed[position], results));
        passed[position] = null;
        position++;
        return row;
    }

    /** Returns every block's memory; the task's end does it too. Closing twice is safe. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ChainRunner runner : runners) {
            runner.close();
        }
    }
}
