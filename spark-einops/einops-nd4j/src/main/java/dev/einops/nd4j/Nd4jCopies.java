package dev.einops.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.iter.NdIndexIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies that stay safe at any rank. libnd4j's strided copy aborts the JVM ("stack smashing
 * detected") for arrays of rank {@value #NATIVE_COPY_RANK_LIMIT} or more, so such copies are made
 * element by element in Java: slow, but correct, and only reached by patterns of very high rank.
 */
final class Nd4jCopies {
    /** Strided copies of this rank or more are not given to libnd4j. */
    static final int NATIVE_COPY_RANK_LIMIT = 16;

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

    /** A new C-order array with x's values. */
    static INDArray contiguousCopy(INDArray x) {
        if (nativeCopyIsSafe(x)) {
            return x.dup('c');
        }
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        copyElementwise(x, out, x.shape());
        return out;
    }

    /** Fills {@code out} with {@code source} repeated along the axes where source has length 1. */
    static void broadcastCopy(INDArray source, INDArray out) {
        long[] sourceShape = source.shape();
        NdIndexIterator indices = new NdIndexIterator('c', out.shape());
        long[] at = new long[sourceShape.length];
        boolean integral = out.dataType().isIntType();
        for (long flat = 0; indices.hasNext(); flat++) {
            long[] index = indices.next();
            for (int i = 0; i < at.length; i++) {
                at[i] = sourceShape[i] == 1 ? 0 : index[i];
            }
            put(source, at, out, flat, integral);
        }
    }

    private static void copyElementwise(INDArray source, INDArray out, long[] shape) {
        NdIndexIterator indices = new NdIndexIterator('c', shape);
        boolean integral = out.dataType().isIntType();
        for (long flat = 0; indices.hasNext(); flat++) {
            put(source, indices.next(), out, flat, integral);
        }
    }

    private static void put(INDArray source, long[] at, INDArray out, long flat, boolean integral) {
        if (integral && out.dataType() != DataType.BOOL) {
            out.putScalar(flat, source.getLong(at));
        } else {
            out.putScalar(flat, source.getDouble(at));
        }
    }
}
