package dev.einops.spark.exec;

import dev.einops.nd4j.KernelParallelism;
import dev.einops.spark.ErrorMode;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.transform.TensorChain;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;

/**
 * The one loop of the block operators, a template in the manner of Spark's {@code EvalPythonExec}:
 * fill a block with up to {@link BlockSettings#rows()} input rows (and about
 * {@link BlockSettings#bytes()} bytes of their tensors), each tensor copied into the block of its
 * shape; evaluate every chain on the block, one engine call per shape and step; then emit, in input
 * order, the output rows of each input row. A subclass says only how many output rows an input row
 * gives ({@link #outputRows}) and builds each of them ({@link #output}): one per row for per-row
 * steps ({@link BlockEvaluator}), the exploded rows for an explode ({@link ExplodeEvaluator}).
 * Blocks and malformed rows are counted in the operator's metrics. Memory is the task's and bounded
 * by the block size, whatever the partition's size.
 *
 * <p>Not thread-safe: one per task.
 */
public abstract class BlockPass implements Iterator<InternalRow>, AutoCloseable {
    private final Iterator<InternalRow> input;
    private final Expression[] inputs;
    private final UnsafeProjection passThrough;
    private final BlockSettings settings;
    private final BlockMetrics metrics;
    private final ChainRunner[] runners;
    private final UnsafeRow[] passed;
    private final long[][] handles;
    private int size;
    private int position;
    private int emitted;
    private boolean closed;

    /**
     * @param inputs      per chain, the expression giving its input tensor, bound to the input rows
     * @param chains      the steps of each chain
     * @param columns     per chain, the input column's name for messages
     * @param modes       per chain, what a malformed row gives
     * @param passThrough the input columns the output keeps
     */
    protected BlockPass(Iterator<InternalRow> input, Expression[] inputs, TensorChain[] chains, String[] columns,
                        ErrorMode[] modes, UnsafeProjection passThrough, BlockSettings settings, BlockMetrics metrics,
                        TaskMemory memory) {
        this.input = input;
        this.inputs = inputs.clone();
        this.passThrough = passThrough;
        this.settings = settings;
        this.metrics = metrics;
        this.runners = new ChainRunner[chains.length];
        for (int c = 0; c < chains.length; c++) {
            runners[c] = new ChainRunner(chains[c], columns[c], modes[c], memory.allocator());
        }
        this.passed = new UnsafeRow[settings.rows()];
        this.handles = new long[chains.length][settings.rows()];
        memory.register(this);
    }

    /** How many output rows the input row in {@code slot} of the block gives. */
    protected abstract int outputRows(int slot);

    /**
     * The {@code j}-th output row of the input row in {@code slot}: its pass-through columns
     * {@code passed}, then what the chains made of it. Valid until the next call.
     */
    protected abstract InternalRow output(UnsafeRow passed, int slot, int j);

    /** Chain {@code c}'s runner, which holds the block's results. */
    protected final ChainRunner runner(int c) {
        return runners[c];
    }

    /** The handle in chain {@code c}'s runner of the input row in {@code slot}. */
    protected final long handle(int c, int slot) {
        return handles[c][slot];
    }

    @Override
    public final boolean hasNext() {
        while (true) {
            if (position < size && emitted < outputRows(position)) {
                return true;
            }
            if (position < size) {
                passed[position] = null;
                position++;
                emitted = 0;
                continue;
            }
            if (closed || !input.hasNext()) {
                close();
                return false;
            }
            fill();
        }
    }

    @Override
    public final InternalRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return output(passed[position], position, emitted++);
    }

    private void fill() {
        for (ChainRunner runner : runners) {
            runner.reset();
        }
        size = 0;
        position = 0;
        emitted = 0;
        long malformedBefore = total(true);
        long blocksBefore = total(false);
        long bytes = 0;
        while (size < settings.rows() && bytes < settings.bytes() && input.hasNext()) {
            InternalRow row = input.next();
            passed[size] = passThrough.apply(row).copy();
            bytes = 0;
            for (int c = 0; c < runners.length; c++) {
                handles[c][size] = runners[c].add(inputs[c].eval(row));
                bytes += runners[c].windowBytes();
            }
            size++;
        }
        try (KernelParallelism.Scope scope = KernelParallelism.limitCurrentThread(settings.kernelThreads())) {
            for (ChainRunner runner : runners) {
                runner.evaluate();
            }
        }
        metrics.blocks(total(false) - blocksBefore);
        metrics.malformedRows(total(true) - malformedBefore);
    }

    private long total(boolean malformed) {
        long n = 0;
        for (ChainRunner runner : runners) {
            n += malformed ? runner.malformedRows() : runner.blocks();
        }
        return n;
    }

    /** Returns every block's memory; the task's end does it too. Closing twice is safe. */
    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            for (ChainRunner runner : runners) {
                runner.close();
            }
        }
    }
}
