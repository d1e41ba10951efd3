package dev.einops.spark.exec;

import dev.einops.types.EinopsException;
import dev.einops.types.Reduction;
import dev.einops.internal.exec.PlanExecutor;
import dev.einops.nd4j.Nd4jBackend;
import dev.einops.nd4j.Nd4jOffHeap;
import dev.einops.nd4j.Nd4jTypes;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
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
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rows of a group (or of a whole DataFrame) gathered with their order keys, to be stacked in
 * that order into one tensor and transformed by a pattern whose row axis moves
 * ({@code t c h w -> c t h w}). The tensors are kept as their bytes, at most {@code maxBytes} of
 * them: a larger group fails with a message naming the limit instead of exhausting the executor's
 * memory. Order keys must be distinct and not null, so that the order is defined.
 *
 * <pre>{@code
 * BatchTransform clip = BatchTransform.of(Operation.REARRANGE, "t x -> x t", null, Map.of(), RowAxisKind.STACK);
 * TensorColumnType frames = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2});
 * StackAccumulator acc = new StackAccumulator(clip, frames, DataTypes.LongType, 1 << 20, ErrorMode.FAILFAST, "t", null);
 * acc.add(ArrayData.toArrayData(new float[] {3, 4}), 2L);
 * acc.add(ArrayData.toArrayData(new float[] {1, 2}), 1L);   // comes first: its key is smaller
 * acc.toArray();   // [[1, 3], [2, 4]]
 * }</pre>
 */
public final class StackAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BatchTransform transform;
    private final TensorColumnType inputType;
    private final DataType orderType;
    private final long maxBytes;
    private final RowErrors errors;

    private transient StackRows rows;
    private transient TensorReader reader;
    private transient UnsafeProjection keyProjection;

    /**
     * @param orderType the Spark type of the order keys
     * @param maxBytes  the most tensor bytes one stack may gather
     * @param malformed where PERMISSIVE mode counts the rows it leaves out, or null
     */
    public StackAccumulator(BatchTransform transform, TensorColumnType inputType, DataType orderType, long maxBytes,
                            ErrorMode mode, String column, LongAccumulator malformed) {
        this.transform = transform;
        this.inputType = inputType;
        this.orderType = orderType;
        this.maxBytes = maxBytes;
        this.errors = new RowErrors(transform, column, mode, malformed);
        this.rows = new StackRows(orderType, maxBytes, errors);
    }

    /** Adds one row's tensor with its order key. */
    public void add(Object value, Object key) {
        if (reader == null) {
            reader = TensorReader.of(inputType, transform.readShape(inputType));
            keyProjection = UnsafeProjection.create(new DataType[] {orderType});
        }
        try {
            if (key == null) {
                throw new MalformedTensorException("a row's order key is null, so its place in the stack is unknown",
                        null);
            }
            if (value == null) {
                throw new MalformedTensorException("a row's tensor is null, so the stack would have a hole", null);
            }
            long[] shape = reader.shape(value);
            if (!rows.isEmpty() && !Arrays.equals(rows.shape(), shape)) {
                throw new MalformedTensorException("rows of different shapes cannot be stacked: this row has "
                        + Arrays.toString(shape) + " and the rows before it " + Arrays.toString(rows.shape()), shape);
            }
            long n = inputType.elementType().byteWidth();
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            rows.grow(n);
            byte[] data = new byte[Math.toIntExact(n)];
            if (n > 0) {
                long[] read = shape;
                long size = n;
                TaskMemory.withAllocator("einops-stack", allocator -> {
                    try (Slab scratch = new Slab(allocator)) {
                        long address = scratch.ensure(size);
                        reader.copy(value, read, address);
                        Platform.copyMemory(null, address, data, Platform.BYTE_ARRAY_OFFSET, size);
                    }
                    return null;
                });
            }
            UnsafeRow keyRow = keyProjection.apply(new GenericInternalRow(new Object[] {key}));
            rows.add(new StackRows.Entry(keyRow.copy().getBytes(), shape, data));   // the projection reuses its row
        } catch (MalformedTensorException e) {
            errors.malformed(e);
        }
    }

    /** Merges the rows {@code other} gathered in another partition. */
    public void merge(StackAccumulator other) {
        for (StackRows.Entry e : other.rows.entries()) {
            if (!rows.isEmpty() && !Arrays.equals(rows.shape(), e.shape())) {
                throw errors.failure("rows of different shapes cannot be stacked: some have " + Arrays.toString(rows.shape())
                        + ", others " + Arrays.toString(e.shape()), e.shape());
            }
            rows.grow(e.data().length);
            rows.add(e);
        }
    }

    /** The rows gathered so far. */
    public int rows() {
        return rows.size();
    }

    /**
     * The stacked rows, in key order, transformed by the pattern; null when no row was gathered.
     *
     * @throws EinopsException if two rows have the same order key
     */
    public INDArray toArray() {
        if (rows.isEmpty()) {
            return emptyStack();
        }
        List<StackRows.Entry> sorted = rows.sorted();
        long[] shape = sorted.get(0).shape();
        long[] stacked = new long[shape.length + 1];
        stacked[0] = sorted.size();
        System.arraycopy(shape, 0, stacked, 1, shape.length);
        ExecutionPlan plan = transform.plan(stacked);
        Nd4jBackend backend = new Nd4jBackend();
        int rowBytes = sorted.get(0).data().length;
        return TaskMemory.withAllocator("einops-stack", allocator -> stack(sorted, stacked, plan, backend, rowBytes,
                allocator));
    }

    private INDArray stack(List<StackRows.Entry> sorted, long[] stacked, ExecutionPlan plan, Nd4jBackend backend,
                           int rowBytes, org.apache.arrow.memory.BufferAllocator allocator) {
        try (Slab slab = new Slab(allocator)) {
            long total = (long) rowBytes * sorted.size();
            long base = slab.ensure(Math.max(1, total));
            for (int i = 0; i < sorted.size(); i++) {
                Platform.copyMemory(sorted.get(i).data(), Platform.BYTE_ARRAY_OFFSET, null, base + (long) i * rowBytes,
                        rowBytes);
            }
            try (Nd4jOffHeap.Region region = total == 0 ? null : Nd4jOffHeap.region(base, total)) {
                org.nd4j.linalg.api.buffer.DataType type = Nd4jTypes.dataType(inputType.elementType());
                INDArray block = region == null ? Nd4j.create(type, stacked, 'c') : region.wrap(type, stacked);
                Reduction reduction = transform.operation() == Operation.REDUCE
                        ? Reduction.fromName(transform.reduction()) : null;
                INDArray result = PlanExecutor.execute(plan, backend, block,
                        reduction == null ? null : (x, axes) -> backend.reduce(x, reduction, axes), false);
                return result.dup('c');   // off the block's memory, which is freed here
            }
        }
    }

    /** The pattern applied to a stack of no rows, where the column records the rows' shape; else null. */
    private INDArray emptyStack() {
        long[] shape = transform.readShape(inputType);
        if (shape == null || Arrays.stream(shape).anyMatch(d -> d < 0)) {
            return null;
        }
        long[] stacked = new long[shape.length + 1];
        System.arraycopy(shape, 0, stacked, 1, shape.length);
        Nd4jBackend backend = new Nd4jBackend();
        INDArray empty = Nd4j.create(Nd4jTypes.dataType(inputType.elementType()), stacked, 'c');
        Reduction reduction = transform.operation() == Operation.REDUCE ? Reduction.fromName(transform.reduction()) : null;
        return PlanExecutor.execute(transform.plan(stacked), backend, empty,
                reduction == null ? null : (x, axes) -> backend.reduce(x, reduction, axes), false);
    }

    /** The result as the column's Spark value (on the heap), or null when no row was gathered. */
    public Object result(TensorColumnType outputType) {
        INDArray array = toArray();
        if (array == null) {
            return null;
        }
        return TaskMemory.withAllocator("einops-stack", allocator -> UnsafeLayoutWriter.heapValue(array, outputType, allocator));
    }

    /** The rows in a compact form: for each, its key's bytes, its shape and its elements' bytes. */
    public byte[] toBytes() {
        return rows.toBytes();
    }

    /** Restores an accumulator from {@link #toBytes()}. */
    public static StackAccumulator fromBytes(byte[] state, BatchTransform transform, TensorColumnType inputType,
                                             DataType orderType, long maxBytes, ErrorMode mode, String column,
                                             LongAccumulator malformed) {
        StackAccumulator acc = new StackAccumulator(transform, inputType, orderType, maxBytes, mode, column, malformed);
        acc.rows = StackRows.fromBytes(state, orderType, maxBytes, acc.errors);
        return acc;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();   // configuration; the rows follow in their compact form
        StateBytes.write(out, toBytes());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        rows = StackRows.fromBytes(StateBytes.read(in), orderType, maxBytes, errors);
    }
}
