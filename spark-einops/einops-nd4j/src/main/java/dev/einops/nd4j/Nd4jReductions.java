package dev.einops.nd4j;

import dev.einops.spi.Backend;
import dev.einops.types.Reduction;
import dev.einops.types.ReductionRules;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.bool.All;
import org.nd4j.linalg.api.ops.impl.reduce.bool.Any;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every reduction the ND4J backend makes: large float and double arrays go to the Java
 * {@link StridedReduce} kernel, the rest to ND4J, around ND4J's quirks: it refuses most
 * reductions of empty arrays (numpy's identities are used), returns its input unchanged when one
 * element is reduced, has no sum of booleans, and aborts on strided copies of rank 16 or more.
 */
final class Nd4jReductions {
    private Nd4jReductions() {
    }

    /** {@code x} reduced over {@code axes}, by the rules of {@link Backend#reduce}. */
    static INDArray reduce(INDArray x, Reduction reduction, int[] axes) {
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

    private static INDArray reduceNatively(INDArray x, Reduction reduction, int[] axes) {
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
    private static INDArray reduceSingleElement(INDArray x, Reduction reduction, int[] axes) {
        long[] outShape = ReductionRules.reducedShape(x.shape(), axes);
        DataType type = Nd4jTypes.resultType(reduction, x.dataType());
        INDArray values = Nd4jCopies.reshape(x, outShape);
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
}
