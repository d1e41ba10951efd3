package dev.einops.nd4j;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.iter.NdIndexIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every copy the ND4J backend makes. Arrays of {@value #KERNEL_MIN_ELEMENTS} elements or more are
 * copied by the Java {@link StridedCopy} kernel (near the memory-copy floor at any rank); smaller
 * ones by ND4J's {@code assign}, which costs less per call. libnd4j's strided copy aborts the JVM
 * ("stack smashing detected") at rank {@value #NATIVE_COPY_RANK_LIMIT} or more, so it is never
 * given such arrays; what the kernel cannot address (2 GiB or more at such a rank) is copied
 * element by element.
 */
final class Nd4jCopies {
    /** Strided copies of this rank or more are not given to libnd4j. */
    static final int NATIVE_COPY_RANK_LIMIT = 16;
    /** From this many elements on, the Java kernels do the work. */
    static final long KERNEL_MIN_ELEMENTS = 1 << 12;

    private Nd4jCopies() {
    }

    static boolean nativeCopyIsSafe(INDArray x) {
        return x.rank() < NATIVE_COPY_RANK_LIMIT;
    }

    /** Whether x's elements lie in C order without gaps (axes of length 1 may have any stride). */
    static boolean isCContiguous(INDArray x) {
        long[] shape = x.shape();
        long[] stride = x.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * {@code x} in C order with a new shape of the same size: a view where ND4J's layout allows
     * one, else a copy into pooled memory.
     */
    static INDArray reshape(INDArray x, long[] shape) {
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

    /**
     * The finest shape that both {@code a} and {@code b} (shapes of the same size) are merges of:
     * each axis of either is a product of consecutive axes of the result ({@code [10, 32, 100, 200]}
     * and {@code [320, 100, 2, 100]} give {@code [10, 32, 100, 2, 100]}); null when there is none
     * ({@code [2, 3]} and {@code [3, 2]}).
     */
    static long[] commonSplit(long[] a, long[] b) {
        List<Long> pieces = new ArrayList<>();
        int i = 0;
        int j = 0;
        long ra = a.length > 0 ? a[0] : 1;
        long rb = b.length > 0 ? b[0] : 1;
        while (i < a.length && j < b.length) {
            if (ra == 0 || rb == 0) {
                return null;
            }
            long piece = Math.min(ra, rb);
            if (ra % piece != 0 || rb % piece != 0) {
                return null;
            }
            pieces.add(piece);
            ra /= piece;
            rb /= piece;
            if (ra == 1) {
                ra = ++i < a.length ? a[i] : 1;
            }
            if (rb == 1) {
                rb = ++j < b.length ? b[j] : 1;
            }
        }
        if (i < a.length || j < b.length) {
            return null;   // only length-1 axes are left: pieces of length 1 would have to be guessed
        }
        return pieces.stream().mapToLong(Long::longValue).toArray();
    }

    /** A new C-order array, from the buffer pool, with x's values. */
    static INDArray contiguousCopy(INDArray x) {
        INDArray out = BufferPool.SHARED.uninitialized(x.dataType(), x.shape());
        copyInto(x, out);
        return out;
    }

    /** Copies {@code src} into {@code dst}, an array or view of the same shape, converting the type if needed. */
    static void copyInto(INDArray src, INDArray dst) {
        if (src.isEmpty()) {
            return;
        }
        boolean safe = nativeCopyIsSafe(src) && nativeCopyIsSafe(dst);
        if (src.dataType() == dst.dataType() && (src.length() >= KERNEL_MIN_ELEMENTS || !safe)) {
            StridedRegion from = StridedRegion.of(src);
            StridedRegion to = StridedRegion.of(dst);
            if (from != null && to != null) {
                try {
                    StridedCopy.copy(from, to);
                } finally {
                    keepAlive(src, dst);
                }
                return;
            }
        }
        if (safe) {
            dst.assign(src);
        } else {
            copyElementwise(src, dst, src.shape(), false);
        }
    }

    /**
     * Fills {@code out} with {@code source} repeated along the axes where source has length 1 and
     * out does not (source has out's rank).
     */
    static void broadcastInto(INDArray source, INDArray out) {
        long[] sourceShape = source.shape();
        long[] target = out.shape();
        if (source.dataType() == out.dataType()) {
            StridedRegion from = StridedRegion.of(source);
            StridedRegion to = StridedRegion.of(out);
            if (from != null && to != null) {
                long[] strides = from.strides().clone();
                for (int a = 0; a < strides.length; a++) {
                    if (sourceShape[a] == 1 && target[a] != 1) {
                        strides[a] = 0;
                    }
                }
                try {
                    StridedCopy.copy(from.withLayout(target, strides), to);
                } finally {
                    keepAlive(source, out);
                }
                return;
            }
        }
        if (!nativeCopyIsSafe(out)) {
            copyElementwise(source, out, target, true);
            return;
        }
        // Fill the first slice of every repeated axis, then double the filled part axis by axis:
        // assign never broadcasts, so every copy is between views of equal shape, and never overlaps.
        INDArrayIndex[] at = new INDArrayIndex[target.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = repeated(sourceShape, target, i) ? NDArrayIndex.interval(0, 1) : NDArrayIndex.all();
        }
        out.get(at).assign(source);
        for (int axis = 0; axis < target.length; axis++) {
            if (!repeated(sourceShape, target, axis)) {
                continue;
            }
            for (long filled = 1; filled < target[axis]; ) {
                long k = Math.min(filled, target[axis] - filled);
                at[axis] = NDArrayIndex.interval(0, k);
                INDArray from = out.get(at);
                at[axis] = NDArrayIndex.interval(filled, filled + k);
                out.get(at).assign(from);
                filled += k;
            }
            at[axis] = NDArrayIndex.all();
        }
    }

    /**
     * Keeps the arrays reachable until here. A region holds only a native address: without the
     * fence the JIT may drop the last reference to a temporary array while a kernel still reads
     * its memory, and ND4J's deallocator frees it underneath the kernel.
     */
    static void keepAlive(INDArray a, INDArray b) {
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
    }

    private static boolean repeated(long[] sourceShape, long[] targetShape, int axis) {
        return sourceShape[axis] == 1 && targetShape[axis] != 1;
    }

    /** The slow path: one element at a time, reading through the source's own indexing. */
    private static void copyElementwise(INDArray source, INDArray out, long[] shape, boolean broadcast) {
        long[] sourceShape = source.shape();
        long[] at = new long[sourceShape.length];
        boolean integral = out.dataType().isIntType();
        NdIndexIterator indices = new NdIndexIterator('c', shape);
        while (indices.hasNext()) {
            long[] index = indices.next();
            for (int i = 0; i < at.length; i++) {
                at[i] = broadcast && sourceShape[i] == 1 ? 0 : index[i];
            }
            if (integral) {
                out.putScalar(index, source.getLong(at));
            } else {
                out.putScalar(index, source.getDouble(at));
            }
        }
    }
}
