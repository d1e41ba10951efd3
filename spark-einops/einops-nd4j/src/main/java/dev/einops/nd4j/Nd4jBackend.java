package dev.einops.nd4j;

import dev.einops.spi.Backend;
import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;
import dev.einops.types.TensorSizeLimit;
import dev.einops.types.EinopsException;
import dev.einops.types.Reduction;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    public long elementBytes(INDArray x) {
        return x.dataType().width();
    }

    /** The configured limit, or JavaCPP's bound on native memory ({@code org.bytedeco.javacpp.maxBytes}) if less. */
    @Override
    public TensorSizeLimit sizeLimit(TensorSizeLimit configured) {
        return configured.atMost(org.bytedeco.javacpp.Pointer.maxBytes(), "org.bytedeco.javacpp.maxBytes");
    }

    @Override
    public INDArray reshape(INDArray x, long[] shape) {
        checkRank(shape);
        return Nd4jCopies.reshape(x, shape);
    }

    @Override
    public INDArray permute(INDArray x, int[] axes) {
        return x.permute(axes);
    }

    @Override
    public INDArray reduce(INDArray x, Reduction reduction, int[] axes) {
        return Nd4jReductions.reduce(x, reduction, axes);
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
        DataType type = Nd4jTypes.commonType(tensors);
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
            Nd4jCopies.copyInto(Nd4jCopies.reshape(tensors.get(i), new long[] {1, itemLength}), row);
        }
        return out;
    }

    /**
     * Writes every tensor once, straight into the permuted layout: the output is allocated in its
     * final (permuted) shape, and each tensor is copied into its part of that output seen in the
     * stacked order. Both sides are seen at the finest split of axes that the stacked shape and
     * {@code shape} share, where every part is a view.
     */
    @Override
    public INDArray stack(List<INDArray> tensors, long[] shape, int[] axes) {
        long[] itemShape = tensors.get(0).shape();
        long[] stacked = new long[itemShape.length + 1];
        stacked[0] = tensors.size();
        System.arraycopy(itemShape, 0, stacked, 1, itemShape.length);
        long[] pieces = Nd4jCopies.commonSplit(stacked, shape);
        long[] permuted = new long[axes.length];
        int[] inverse = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            permuted[i] = shape[axes[i]];
            inverse[axes[i]] = i;
        }
        checkRank(permuted);
        if (pieces == null || pieces.length > MAX_RANK || itemShape.length == 0) {
            return Backend.super.stack(tensors, shape, axes);
        }
        INDArray out = BufferPool.SHARED.uninitialized(Nd4jTypes.commonType(tensors), permuted);
        if (out.isEmpty()) {
            return out;
        }
        int lead = 1;   // the first pieces make the list axis
        for (long n = pieces[0]; n != tensors.size(); n *= pieces[lead++]) {
            // the product reaches the list's length exactly: the pieces refine the stacked shape
        }
        long[] itemPieces = Arrays.copyOfRange(pieces, lead, pieces.length);
        INDArray target = Shape.newShapeNoCopy(out.permute(inverse), pieces, false);
        if (target == null) {
            BufferPool.SHARED.release(out);
            return Backend.super.stack(tensors, shape, axes);
        }
        long[] index = new long[lead];
        for (int i = 0; i < tensors.size(); i++) {
            INDArrayIndex[] at = new INDArrayIndex[pieces.length];
            Arrays.fill(at, NDArrayIndex.all());
            for (int k = 0; k < lead; k++) {
                at[k] = NDArrayIndex.point(index[k]);
            }
            INDArray item = Nd4jCopies.reshape(tensors.get(i), itemPieces);   // splits of its axes: a view
            Nd4jCopies.copyInto(item, target.get(at));
            if (!sharesStorage(item, tensors.get(i))) {
                release(item);
            }
            for (int k = lead - 1; k >= 0 && ++index[k] == pieces[k]; k--) {
                index[k] = 0;
            }
        }
        return out;
    }

    @Override
    public INDArray concat(List<INDArray> tensors, int axis) {
        DataType type = Nd4jTypes.commonType(tensors);
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
                Nd4jCopies.copyInto(Nd4jCopies.reshape(t, new long[] {outer, length, inner}), block);
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
        return Nd4jMatmul.matmul(a, b, transposeA, transposeB);
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
