package dev.einops.nd4j;

import dev.einops.DTypeFamily;
import dev.einops.EinopsException;
import dev.einops.HostArray;
import dev.einops.Reduction;
import dev.einops.ReductionRules;
import dev.einops.backend.Backend;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.bool.All;
import org.nd4j.linalg.api.ops.impl.reduce.bool.Any;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ND4J backend: einops on {@link INDArray}, every data type ND4J offers except strings.
 *
 * <pre>{@code
 * INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
 * Einops.rearrange(x, "a b c -> c a b");   // through this backend, found by ServiceLoader
 * }</pre>
 *
 * <p>It guards the ND4J behaviours that would otherwise leak out as wrong results or crashes:
 * {@code assign} never broadcasts (views of equal shape are always used), reductions of booleans
 * and of empty axes are done by einops' rules rather than failing, results of rank above
 * {@value #MAX_RANK} are rejected, and strided copies of rank {@value Nd4jCopies#NATIVE_COPY_RANK_LIMIT}
 * or more, which abort the JVM inside libnd4j, are done in Java.
 */
public final class Nd4jBackend implements Backend<INDArray> {
    /** The highest rank ND4J handles safely. */
    public static final int MAX_RANK = 32;

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public long[] shape(INDArray x) {
        return x.shape().clone();
    }

    @Override
    public DTypeFamily dtypeFamily(INDArray x) {
        return Nd4jTypes.family(x.dataType());
    }

    @Override
    public INDArray reshape(INDArray x, long[] shape) {
        checkRank(shape);
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        if (x.isEmpty()) {
            return Nd4j.create(x.dataType(), shape);
        }
        if (shape.length == 0 && x.ordering() != 'c') {
            // ND4J cannot reshape an 'f'-ordered view to a scalar; one element is copied instead
            return Nd4jCopies.contiguousCopy(x).reshape('c', shape);
        }
        if (Nd4jCopies.isCContiguous(x)) {
            return x.reshape('c', shape);
        }
        INDArray view = Shape.newShapeNoCopy(x, shape, false);
        return view != null ? view : Nd4jCopies.contiguousCopy(x).reshape('c', shape);
    }

    @Override
    public INDArray permute(INDArray x, int[] axes) {
        return x.permute(axes);
    }

    @Override
    public INDArray reduce(INDArray x, Reduction reduction, int[] axes) {
        if (x.isEmpty()) {
            return reduceEmpty(x, reduction, axes);
        }
        if ((x.dataType() == DataType.DOUBLE || x.dataType() == DataType.FLOAT) && StridedReduce.supports(reduction)
                && x.length() >= Nd4jCopies.KERNEL_MIN_ELEMENTS) {
            StridedRegion source = StridedRegion.of(x);
            if (source != null) {
                INDArray out = BufferPool.SHARED.uninitialized(x.dataType(), ReductionRules.reducedShape(x.shape(), axes));
                try {
                    StridedReduce.reduce(source, axes, reduction, StridedRegion.of(out));
                } finally {
                    Nd4jCopies.keepAlive(x, out);
                }
                return out;
            }
        }
        if (!Nd4jCopies.nativeCopyIsSafe(x) && !Nd4jCopies.isCContiguous(x)) {
            // ND4J's reductions, casts and dups make strided copies, which libnd4j cannot at this rank.
            INDArray contiguous = Nd4jCopies.contiguousCopy(x);
            try {
                return reduceNatively(contiguous, reduction, axes);
            } finally {
                BufferPool.SHARED.release(contiguous);
            }
        }
        return reduceNatively(x, reduction, axes);
    }

    private INDArray reduceNatively(INDArray x, Reduction reduction, int[] axes) {
        if (reducedLength(x.shape(), axes) == 1) {
            // ND4J returns its input unchanged, shape and type included, when one element is reduced.
            return reduceSingleElement(x, reduction, axes);
        }
        return switch (reduction) {
            case ANY -> Nd4j.getExecutioner().exec(new Any(x, axes));
            case ALL -> Nd4j.getExecutioner().exec(new All(x, axes));
            case MAX -> x.dataType() == DataType.BOOL ? Nd4j.getExecutioner().exec(new Any(x, axes)) : x.max(axes);
            case MIN -> x.dataType() == DataType.BOOL ? Nd4j.getExecutioner().exec(new All(x, axes)) : x.min(axes);
            case MEAN -> x.mean(axes);
            case SUM, PROD -> {
                boolean widen = Nd4jTypes.resultType(reduction, x.dataType()) != x.dataType();
                INDArray source = widen ? x.castTo(DataType.LONG) : x;
                INDArray result = reduction == Reduction.SUM ? source.sum(axes) : source.prod(axes);
                if (widen) {
                    source.close();
                }
                yield result;
            }
        };
    }

    private static long reducedLength(long[] shape, int[] axes) {
        long n = 1;
        for (int a : axes) {
            n *= shape[a];
        }
        return n;
    }

    /** Reducing one element gives that element, in the reduction's result type. */
    private INDArray reduceSingleElement(INDArray x, Reduction reduction, int[] axes) {
        long[] outShape = ReductionRules.reducedShape(x.shape(), axes);
        DataType type = Nd4jTypes.resultType(reduction, x.dataType());
        INDArray values = reshape(x, outShape);
        if (type == x.dataType()) {
            return values.dup('c');
        }
        return type == DataType.BOOL && x.dataType() != DataType.BOOL ? values.neq(0) : values.castTo(type);
    }

    /** ND4J refuses most reductions of empty arrays; numpy's identities are used instead. */
    private static INDArray reduceEmpty(INDArray x, Reduction reduction, int[] axes) {
        double value = ReductionRules.emptyReductionValue(reduction, x.shape(), axes);
        INDArray out = Nd4j.create(Nd4jTypes.resultType(reduction, x.dataType()),
                ReductionRules.reducedShape(x.shape(), axes), 'c');
        if (!out.isEmpty() && value != 0) {
            out.assign(value);
        }
        return out;
    }

    @Override
    public INDArray expand(INDArray x, long[] targetShape) {
        checkRank(targetShape);
        INDArray out = BufferPool.SHARED.uninitialized(x.dataType(), targetShape);
        if (!out.isEmpty()) {
            Nd4jCopies.broadcastInto(x, out);
        }
        return out;
    }

    @Override
    public INDArray stack(List<INDArray> tensors) {
        DataType type = promote(tensors);
        long[] itemShape = tensors.get(0).shape();
        long[] shape = new long[itemShape.length + 1];
        shape[0] = tensors.size();
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        checkRank(shape);
        INDArray out = BufferPool.SHARED.uninitialized(type, shape);
        if (out.isEmpty()) {
            return out;
        }
        long itemLength = out.length() / tensors.size();
        INDArray rows = out.reshape('c', new long[] {tensors.size(), itemLength});
        for (int i = 0; i < tensors.size(); i++) {
            INDArray row = rows.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
            Nd4jCopies.copyInto(reshape(tensors.get(i), new long[] {1, itemLength}), row);
        }
        return out;
    }

    @Override
    public INDArray concat(List<INDArray> tensors, int axis) {
        DataType type = promote(tensors);
        long[] shape = tensors.get(0).shape().clone();
        shape[axis] = tensors.stream().mapToLong(t -> t.size(axis)).sum();
        checkRank(shape);
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        INDArray out = BufferPool.SHARED.uninitialized(type, shape);
        if (out.isEmpty()) {
            return out;
        }
        // Concatenate as [outer, length, inner] blocks: the rank never reaches libnd4j's limits,
        // and each piece is copied once, converting its type on the way.
        INDArray blocks = out.reshape('c', new long[] {outer, shape[axis], inner});
        long at = 0;
        for (INDArray t : tensors) {
            long length = t.size(axis);
            if (length > 0) {
                INDArray block = blocks.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + length), NDArrayIndex.all());
                Nd4jCopies.copyInto(reshape(t, new long[] {outer, length, inner}), block);
            }
            at += length;
        }
        return out;
    }

    @Override
    public INDArray slice(INDArray x, int axis, long start, long end, long step) {
        long[] shape = x.shape().clone();
        shape[axis] = Math.max(0, (end - start + step - 1) / step);
        if (shape[axis] == 0 || x.isEmpty()) {
            // ND4J gives an empty interval length 1
            return Nd4j.create(x.dataType(), shape);
        }
        INDArrayIndex[] at = new INDArrayIndex[shape.length];
        Arrays.fill(at, NDArrayIndex.all());
        long count = shape[axis];
        // ND4J rejects a strided interval that selects one element; a plain one does the same
        at[axis] = count == 1 ? NDArrayIndex.interval(start, start + 1)
                : NDArrayIndex.interval(start, step, start + (count - 1) * step + 1);
        return x.get(at);
    }

    @Override
    public INDArray matmul(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        boolean booleans = a.dataType() == DataType.BOOL && b.dataType() == DataType.BOOL;
        DataType type = booleans ? DataType.LONG : promote(List.of(a, b));
        INDArray left = a.dataType() == type ? a : a.castTo(type);
        INDArray right = b.dataType() == type ? b : b.castTo(type);
        int rank = a.rank();
        long m = a.size(transposeA ? rank - 1 : rank - 2);
        long k = a.size(transposeA ? rank - 2 : rank - 1);
        long n = b.size(transposeB ? rank - 2 : rank - 1);
        INDArray product;
        if (m == 0 || n == 0 || k == 0) {
            // ND4J rejects empty operands; a sum over nothing is zero
            long[] shape = rank == 3 ? new long[] {a.size(0), m, n} : new long[] {m, n};
            product = Nd4j.create(type, shape, 'c');
        } else if (rank == 2 && type.isFPType()) {
            product = Nd4j.gemm(left, right, transposeA, transposeB);
        } else {
            product = batchedMatmul(left, right, transposeA, transposeB);
        }
        releaseIfCopy(left, a);
        releaseIfCopy(right, b);
        if (!booleans) {
            return product;
        }
        INDArray result = product.neq(0);
        product.close();
        return result;
    }

    /**
     * ND4J's batched product, which also serves integer matrices: its 2-D {@code mmul} of integers
     * fails for a 1 x 1 result (a dot-product path that expects floats).
     */
    private static INDArray batchedMatmul(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        if (a.rank() == 3) {
            return Nd4j.matmul(a, b, transposeA, transposeB, false);
        }
        INDArray product = Nd4j.matmul(a.reshape('c', prepend1(a.shape())), b.reshape('c', prepend1(b.shape())),
                transposeA, transposeB, false);
        return product.reshape('c', new long[] {product.size(1), product.size(2)});
    }

    private static long[] prepend1(long[] shape) {
        return new long[] {1, shape[0], shape[1]};
    }

    private static void releaseIfCopy(INDArray maybeCopy, INDArray original) {
        if (maybeCopy != original) {
            maybeCopy.close();
        }
    }

    @Override
    public HostArray toHost(INDArray x) {
        long[] shape = x.shape();
        DTypeFamily family = Nd4jTypes.family(x.dataType());
        if (x.isEmpty()) {
            return switch (family) {
                case FLOATING -> HostArray.ofDoubles(new double[0], shape);
                case INTEGER -> HostArray.ofLongs(new long[0], shape);
                case BOOLEAN -> HostArray.ofBooleans(new boolean[0], shape);
            };
        }
        boolean direct = Nd4jCopies.isCContiguous(x) && x.offset() == 0 && x.data().length() == x.length();
        INDArray c = direct ? x : Nd4jCopies.contiguousCopy(x);
        try {
            return switch (family) {
                case FLOATING -> HostArray.ofDoubles(c.data().asDouble(), shape);
                case INTEGER -> HostArray.ofLongs(c.data().asLong(), shape);
                case BOOLEAN -> {
                    int[] bits = c.data().asInt();
                    boolean[] values = new boolean[bits.length];
                    for (int i = 0; i < bits.length; i++) {
                        values[i] = bits[i] != 0;
                    }
                    yield HostArray.ofBooleans(values, shape);
                }
            };
        } finally {
            if (c != x) {
                c.close();
            }
        }
    }

    @Override
    public INDArray fromArray(Object values, long[] shape) {
        checkRank(shape);
        // explicit 'c': the overloads without an order follow ND4J's global default, which users can change
        long[] cStrides = Nd4j.getStrides(shape, 'c');
        if (values instanceof double[] d) {
            return d.length == 0 ? Nd4j.create(DataType.DOUBLE, shape, 'c') : Nd4j.create(d, shape, cStrides, 'c', DataType.DOUBLE);
        }
        if (values instanceof float[] f) {
            return f.length == 0 ? Nd4j.create(DataType.FLOAT, shape, 'c') : Nd4j.create(f, shape, cStrides, 'c', DataType.FLOAT);
        }
        if (values instanceof long[] l) {
            return l.length == 0 ? Nd4j.create(DataType.LONG, shape, 'c') : Nd4j.create(l, shape, cStrides, 'c', DataType.LONG);
        }
        if (values instanceof int[] i) {
            return i.length == 0 ? Nd4j.create(DataType.INT, shape, 'c') : Nd4j.create(i, shape, cStrides, 'c', DataType.INT);
        }
        if (values instanceof boolean[] b) {
            return b.length == 0 ? Nd4j.create(DataType.BOOL, shape, 'c') : Nd4j.create(b, shape, cStrides, 'c', DataType.BOOL);
        }
        throw new EinopsException("Cannot make an ND4J array from " + (values == null ? "null" : values.getClass().getSimpleName()));
    }

    private static DataType promote(List<INDArray> tensors) {
        DataType type = tensors.get(0).dataType();
        for (INDArray t : tensors) {
            type = Nd4jTypes.promote(type, t.dataType());
        }
        return type;
    }

    @Override
    public boolean sharesStorage(INDArray a, INDArray b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a == b;
        }
        return StridedRegion.root(a.data()) == StridedRegion.root(b.data());
    }

    @Override
    public void release(INDArray intermediate) {
        BufferPool.SHARED.release(intermediate);
    }

    static void checkRank(long[] shape) {
        if (shape.length > MAX_RANK) {
            throw new EinopsException("ND4J handles tensors of rank " + MAX_RANK + " at most; this step needs rank "
                    + shape.length + " " + Arrays.toString(shape));
        }
    }
}
