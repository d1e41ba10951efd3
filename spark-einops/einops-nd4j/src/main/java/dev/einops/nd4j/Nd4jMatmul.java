package dev.einops.nd4j;

import dev.einops.spi.Backend;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend's matrix products: BLAS {@code gemm} for 2-D floating operands, ND4J's batched
 * product otherwise, around ND4J's quirks: it rejects empty operands (a sum over nothing is zero),
 * its 2-D product of integers fails for a 1 x 1 result, and it has no product of booleans (done in
 * integers, then compared with zero).
 */
final class Nd4jMatmul {
    private Nd4jMatmul() {
    }

    /** The product of {@link Backend#matmul}. */
    static INDArray matmul(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        boolean booleans = a.dataType() == DataType.BOOL && b.dataType() == DataType.BOOL;
        DataType type = booleans ? DataType.LONG : Nd4jTypes.commonType(List.of(a, b));
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
}
