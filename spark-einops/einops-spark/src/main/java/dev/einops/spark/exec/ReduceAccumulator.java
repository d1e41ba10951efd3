package dev.einops.spark.exec;

import dev.einops.types.ElementType;
import dev.einops.types.EinopsException;
import dev.einops.spi.HostArray;
import dev.einops.types.Reduction;
import dev.einops.types.ReductionRules;
import dev.einops.internal.exec.PlanExecutor;
import dev.einops.nd4j.Nd4jBackend;
import dev.einops.nd4j.Nd4jOffHeap;
import dev.einops.nd4j.Nd4jTypes;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.spark.ErrorMode;
import dev.einops.spark.memory.Slab;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.tensor.MalformedTensorException;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorReader;
import dev.einops.spark.transform.BatchTransform;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.TaskContext;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running result of a reduction across rows ({@code b c h w -> c}): rows are copied into a block
 * (float32 widened to float64), each full block is reduced by the engine in one call over its rows
 * and the row's own reduced axes, and the block's result is merged into a compact accumulator of
 * the output's size: doubles for floating results (so float32 sums are accumulated in double),
 * longs for integer and boolean ones; {@code mean} as a sum and a count. Accumulators of different
 * partitions merge (Spark's two-phase aggregation, {@code treeAggregate}); they travel as a few bytes
 * per output element, never as Java objects.
 *
 * <pre>{@code
 * BatchTransform means = BatchTransform.of(Operation.REDUCE, "b x -> x", "mean", Map.of(), RowAxisKind.AGGREGATE);
 * TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2});
 * ReduceAccumulator acc = new ReduceAccumulator(means, pairs, new BlockSettings(4096, 1 << 20), ErrorMode.FAILFAST, "t", null);
 * acc.add(ArrayData.toArrayData(new float[] {1, 2}));
 * acc.add(ArrayData.toArrayData(new float[] {3, 6}));
 * acc.toArray();   // [2.0, 4.0], float32
 * acc.close();
 * }</pre>
 */
public final class ReduceAccumulator implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final BatchTransform transform;
    private final TensorColumnType inputType;
    private final BlockSettings settings;
    private final RowErrors errors;

    private transient TensorReader reader;
    private transient Nd4jBackend backend;
    private transient Slab pending;
    private transient int pendingRows;
    private transient int blockRows;
    private transient TaskMemory own;

    // serialized in its compact form (toBytes) rather than as Java objects
    private transient ReduceState state = new ReduceState();

    /**
     * @param malformed where PERMISSIVE mode counts the rows it leaves out (a Spark accumulator), or null
     */
    public ReduceAccumulator(BatchTransform transform, TensorColumnType inputType, BlockSettings settings,
                             ErrorMode mode, String column, LongAccumulator malformed) {
        this.transform = transform;
        this.inputType = inputType;
        this.settings = settings;
        this.errors = new RowErrors(transform, column, mode, malformed);
    }

    private Reduction reduction() {
        return Reduction.fromName(transform.reduction());
    }

    /** Adds one row's tensor; null is ignored, as SQL aggregates ignore nulls. */
    public void add(Object value) {
        if (value == null) {
            return;
        }
        if (reader == null) {
            reader = TensorReader.of(inputType, transform.readShape(inputType));
        }
        try {
            long[] shape = reader.shape(value);
            state.admit(shape);
            long rowBytes = rowBytes();
            if (blockRows == 0) {
                blockRows = (int) Math.max(1, Math.min(settings.rows(), settings.bytes() / Math.max(1, rowBytes)));
            }
            if (rowBytes > 0) {
                long address = slab().ensure((pendingRows + 1) * rowBytes) + pendingRows * rowBytes;
                reader.copyWidened(value, shape, address);
                slab().setUsed((pendingRows + 1) * rowBytes);
            }
            if (++pendingRows == blockRows) {
                flush();
            }
        } catch (MalformedTensorException e) {
            errors.malformed(e);
        }
    }

    private ElementType blockType() {
        return inputType.elementType() == ElementType.FLOAT32 ? ElementType.FLOAT64 : inputType.elementType();
    }

    private long rowBytes() {
        long n = blockType().byteWidth();
        for (long d : state.rowShape()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * The block's memory: the task's, released when the task ends (or at {@link #close()}); outside a
     * task, a scope of the accumulator's own, released at {@link #close()}.
     */
    private Slab slab() {
        if (pending == null) {
            TaskMemory memory;
            if (TaskContext.get() != null) {
                memory = TaskMemory.forCurrentTask();
                memory.register(this);
            } else {
                own = TaskMemory.open("einops-aggregate");
                memory = own;
            }
            pending = new Slab(memory.allocator());
        }
        return pending;
    }

    /** Reduces the rows waiting in the block into the accumulator. */
    private void flush() {
        if (pendingRows == 0) {
            return;
        }
        long[] rowShape = state.rowShape();
        long[] blockShape = new long[rowShape.length + 1];
        blockShape[0] = pendingRows;
        System.arraycopy(rowShape, 0, blockShape, 1, rowShape.length);
        ExecutionPlan plan = transform.plan(blockShape);
        Reduction reduction = reduction() == Reduction.MEAN ? Reduction.SUM : reduction();
        if (backend == null) {
            backend = new Nd4jBackend();
        }
        long bytes = pendingRows * rowBytes();
        try (Nd4jOffHeap.Region region = bytes == 0 ? null : Nd4jOffHeap.region(slab().address(), bytes)) {
            INDArray block = region == null ? Nd4j.create(Nd4jTypes.dataType(blockType()), blockShape, 'c')
                    : region.wrap(Nd4jTypes.dataType(blockType()), blockShape);
            INDArray result = PlanExecutor.execute(plan, backend, block, (x, axes) -> backend.reduce(x, reduction, axes),
                    false);
            HostArray values = backend.toHost(result);
            if (result != block && !backend.sharesStorage(result, block)) {
                backend.release(result);
            }
            state.combine(reduction(), values, pendingRows);
        }
        pendingRows = 0;
        pending.setUsed(0);
    }

    /** Merges {@code other}, from another partition, into this accumulator. */
    public void merge(ReduceAccumulator other) {
        flush();
        other.flush();
        if (other.state.rows() == 0) {
            return;
        }
        long[] rowShape = state.rowShape();
        long[] otherShape = other.state.rowShape();
        if (state.rows() > 0 && !Arrays.equals(rowShape, otherShape)) {
            throw errors.failure("rows of different shapes cannot be reduced together: some have "
                    + Arrays.toString(rowShape) + ", others " + Arrays.toString(otherShape), otherShape);
        }
        state.merge(reduction(), other.state);
    }

    /** The rows reduced so far. */
    public long rows() {
        flush();
        return state.rows();
    }

    /**
     * The result as an ND4J array of the reduction's result type; for no rows, the reduction's
     * identity where the column records its shape, null otherwise.
     *
     * @throws EinopsException for min or max of no rows, which have no identity
     */
    public INDArray toArray() {
        flush();
        ElementType type = transform.resultElementType(inputType.elementType(), true);
        if (state.rows() == 0) {
            return empty(type);
        }
        INDArray out = backend().fromArray(state.values(reduction()), state.outShape());
        return out.dataType() == Nd4jTypes.dataType(type) ? out : out.castTo(Nd4jTypes.dataType(type));
    }

    private INDArray empty(ElementType type) {
        long[] shape = transform.readShape(inputType);
        if (shape == null || Arrays.stream(shape).anyMatch(d -> d < 0)) {
            return null;
        }
        long[] block = new long[shape.length + 1];
        System.arraycopy(shape, 0, block, 1, shape.length);
        long[] out = transform.plan(block).outputShape();
        double identity = ReductionRules.emptyReductionValue(reduction(), block, new int[] {0});
        INDArray result = Nd4j.create(Nd4jTypes.dataType(type), out, 'c');
        return result.isEmpty() ? result : result.assign(identity);
    }

    private Nd4jBackend backend() {
        if (backend == null) {
            backend = new Nd4jBackend();
        }
        return backend;
    }

    /** The result as the column's Spark value (on the heap), or null for no rows of unknown shape. */
    public Object result(TensorColumnType outputType) {
        INDArray array = toArray();
        if (array == null) {
            return null;
        }
        return TaskMemory.withAllocator("einops-aggregate", allocator -> UnsafeLayoutWriter.heapValue(array, outputType,
                allocator));
    }

    /** The accumulator in a few bytes: the shapes, the row count and the accumulated values. */
    public byte[] toBytes() {
        flush();
        return state.toBytes();
    }

    /** Restores an accumulator from {@link #toBytes()}. */
    public static ReduceAccumulator fromBytes(byte[] bytes, BatchTransform transform, TensorColumnType inputType,
                                              BlockSettings settings, ErrorMode mode, String column,
                                              LongAccumulator malformed) {
        ReduceAccumulator acc = new ReduceAccumulator(transform, inputType, settings, mode, column, malformed);
        acc.state = ReduceState.fromBytes(bytes);
        return acc;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();   // configuration; the state follows in its compact form
        StateBytes.write(out, toBytes());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        state = ReduceState.fromBytes(StateBytes.read(in));
    }

    /** Returns the waiting block's memory; the task's end does it too. */
    @Override
    public void close() {
        if (pending != null) {
            pending.close();
            pending = null;
        }
        if (own != null) {
            own.close();
            own = null;
        }
        pendingRows = 0;
    }
}
