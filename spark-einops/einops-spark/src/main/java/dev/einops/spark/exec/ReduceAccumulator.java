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
import dev.einops.spark.tensor.RowImage;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorReader;
import dev.einops.spark.transform.BatchTransform;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
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
    private static final TaskMemory DRIVER = TaskMemory.open("einops-driver-aggregates");

    private final BatchTransform transform;
    private final TensorColumnType inputType;
    private final BlockSettings settings;
    private final ErrorMode mode;
    private final String column;
    private final LongAccumulator malformed;

    private transient TensorReader reader;
    private transient Nd4jBackend backend;
    private transient Slab pending;
    private transient int pendingRows;
    private transient int blockRows;
    private transient boolean registered;

    // the state, serialized in its compact form (toBytes) rather than as Java objects
    private transient long[] rowShape;
    private transient long rows;
    private transient long[] outShape;
    private transient double[] doubles;
    private transient long[] longs;

    /**
     * @param malformed where PERMISSIVE mode counts the rows it leaves out (a Spark accumulator), or null
     */
    public ReduceAccumulator(BatchTransform transform, TensorColumnType inputType, BlockSettings settings,
                             ErrorMode mode, String column, LongAccumulator malformed) {
        this.transform = transform;
        this.inputType = inputType;
        this.settings = settings;
        this.mode = mode;
        this.column = column;
        this.malformed = malformed;
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
            if (rowShape == null) {
                rowShape = shape;
            } else if (!Arrays.equals(rowShape, shape)) {
                throw new MalformedTensorException("rows of different shapes cannot be reduced together: this row has "
                        + Arrays.toString(shape) + " and the rows before it " + Arrays.toString(rowShape), shape);
            }
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
            EinopsException error = new EinopsException(e.getMessage() + " (column " + column + ")")
                    .withContext(transform.label(), transform.pattern(),
                            e.shape() == null ? null : Arrays.toString(e.shape()), transform.axesLengths());
            if (mode == ErrorMode.FAILFAST) {
                throw error;
            }
            if (malformed != null) {
                malformed.add(1);
            }
        }
    }

    private ElementType blockType() {
        return inputType.elementType() == ElementType.FLOAT32 ? ElementType.FLOAT64 : inputType.elementType();
    }

    private long rowBytes() {
        long n = blockType().byteWidth();
        for (long d : rowShape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private Slab slab() {
        if (pending == null) {
            TaskMemory memory = TaskContext.get() != null ? TaskMemory.forCurrentTask() : DRIVER;
            pending = new Slab(memory.allocator());
            if (TaskContext.get() != null && !registered) {
                memory.register(this);
                registered = true;
            }
        }
        return pending;
    }

    /** Reduces the rows waiting in the block into the accumulator. */
    private void flush() {
        if (pendingRows == 0) {
            return;
        }
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
            combine(values.shape(), values, pendingRows);
        }
        pendingRows = 0;
        pending.setUsed(0);
    }

    private void combine(long[] shape, HostArray values, long newRows) {
        int n = values.size();
        boolean floating = values.family() == dev.einops.types.DTypeFamily.FLOATING;
        if (rows == 0) {
            outShape = shape.clone();
            doubles = floating ? new double[n] : null;
            longs = floating ? null : new long[n];
            for (int i = 0; i < n; i++) {
                if (floating) {
                    doubles[i] = values.getDouble(i);
                } else {
                    longs[i] = values.getLong(i);
                }
            }
        } else {
            Reduction r = reduction();
            for (int i = 0; i < n; i++) {
                if (floating) {
                    doubles[i] = combine(r, doubles[i], values.getDouble(i));
                } else {
                    longs[i] = combine(r, longs[i], values.getLong(i));
                }
            }
        }
        rows += newRows;
    }

    private static double combine(Reduction r, double a, double b) {
        return switch (r) {
            case SUM, MEAN -> a + b;
            case PROD -> a * b;
            case MIN, ALL -> Math.min(a, b);
            case MAX, ANY -> Math.max(a, b);
        };
    }

    private static long combine(Reduction r, long a, long b) {
        return switch (r) {
            case SUM, MEAN -> a + b;
            case PROD -> a * b;
            case MIN, ALL -> Math.min(a, b);
            case MAX, ANY -> Math.max(a, b);
        };
    }

    /** Merges {@code other}, from another partition, into this accumulator. */
    public void merge(ReduceAccumulator other) {
        flush();
        other.flush();
        if (other.rows == 0) {
            return;
        }
        if (rows > 0 && !Arrays.equals(rowShape, other.rowShape)) {
            throw new EinopsException("rows of different shapes cannot be reduced together: some have "
                    + Arrays.toString(rowShape) + ", others " + Arrays.toString(other.rowShape) + " (column " + column
                    + ")").withContext(transform.label(), transform.pattern(), Arrays.toString(other.rowShape),
                    transform.axesLengths());
        }
        rowShape = other.rowShape.clone();
        HostArray values = other.doubles != null ? HostArray.ofDoubles(other.doubles, other.outShape)
                : HostArray.ofLongs(other.longs, other.outShape);
        combine(other.outShape, values, other.rows);
    }

    /** The rows reduced so far. */
    public long rows() {
        flush();
        return rows;
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
        if (rows == 0) {
            return empty(type);
        }
        INDArray out;
        if (doubles != null) {
            double[] v = doubles.clone();
            if (reduction() == Reduction.MEAN) {
                double count = rows * (double) elements(rowShape) / Math.max(1, elements(outShape));
                for (int i = 0; i < v.length; i++) {
                    v[i] /= count;
                }
            }
            out = backend().fromArray(v, outShape);
        } else {
            out = backend().fromArray(longs.clone(), outShape);
        }
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

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The result as the column's Spark value (on the heap), or null for no rows of unknown shape. */
    public Object result(TensorColumnType outputType) {
        INDArray array = toArray();
        if (array == null) {
            return null;
        }
        INDArray rowsOfOne = array.reshape(prependOne(array.shape()));
        try (Slab slab = new Slab(DRIVER.allocator())) {
            RowImage image = ImageWriter.write(rowsOfOne, 1, outputType.with(outputType.elementType(), array.shape()),
                    slab);
            Object value = image.value(slab.address());
            return value instanceof UnsafeArrayData a ? a.copy() : value instanceof UnsafeRow r ? r.copy() : value;
        }
    }

    private static long[] prependOne(long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = 1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** The accumulator in a few bytes: the shapes, the row count and the accumulated values. */
    public byte[] toBytes() {
        flush();
        int n = doubles != null ? doubles.length : longs != null ? longs.length : 0;
        int rank = rowShape == null ? 0 : rowShape.length;
        int outRank = outShape == null ? 0 : outShape.length;
        ByteBuffer out = ByteBuffer.allocate(4 + 8 * rank + 8 + 4 + 8 * outRank + 1 + 4 + 8 * n);
        out.putInt(rowShape == null ? -1 : rank);
        for (int i = 0; i < rank; i++) {
            out.putLong(rowShape[i]);
        }
        out.putLong(rows);
        out.putInt(outRank);
        for (int i = 0; i < outRank; i++) {
            out.putLong(outShape[i]);
        }
        out.put((byte) (doubles != null ? 1 : longs != null ? 2 : 0));
        out.putInt(n);
        for (int i = 0; i < n; i++) {
            if (doubles != null) {
                out.putDouble(doubles[i]);
            } else {
                out.putLong(longs[i]);
            }
        }
        return out.array();
    }

    /** Restores an accumulator from {@link #toBytes()}. */
    public static ReduceAccumulator fromBytes(byte[] bytes, BatchTransform transform, TensorColumnType inputType,
                                              BlockSettings settings, ErrorMode mode, String column,
                                              LongAccumulator malformed) {
        ReduceAccumulator acc = new ReduceAccumulator(transform, inputType, settings, mode, column, malformed);
        acc.read(ByteBuffer.wrap(bytes));
        return acc;
    }

    private void read(ByteBuffer in) {
        int rank = in.getInt();
        rowShape = rank < 0 ? null : new long[rank];
        for (int i = 0; i < rank; i++) {
            rowShape[i] = in.getLong();
        }
        rows = in.getLong();
        int outRank = in.getInt();
        outShape = new long[outRank];
        for (int i = 0; i < outRank; i++) {
            outShape[i] = in.getLong();
        }
        byte kind = in.get();
        int n = in.getInt();
        doubles = kind == 1 ? new double[n] : null;
        longs = kind == 2 ? new long[n] : null;
        for (int i = 0; i < n; i++) {
            if (kind == 1) {
                doubles[i] = in.getDouble();
            } else {
                longs[i] = in.getLong();
            }
        }
        if (rows == 0) {
            outShape = null;
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();   // configuration; the state below is in the compact form
        byte[] state = toBytes();
        out.writeInt(state.length);
        out.write(state);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte[] state = new byte[in.readInt()];
        in.readFully(state);
        read(ByteBuffer.wrap(state));
    }

    /** Returns the waiting block's memory; the task's end does it too. */
    @Override
    public void close() {
        if (pending != null) {
            pending.close();
            pending = null;
        }
        pendingRows = 0;
    }
}
