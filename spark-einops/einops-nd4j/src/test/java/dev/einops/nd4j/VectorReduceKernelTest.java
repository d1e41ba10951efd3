package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.Reduction;
import dev.einops.types.ReductionRules;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Vector API loops against the scalar ones, on the layouts they take (runs folded into one
 * output, runs combined into as many, windows of rows) and on those they hand back, with lengths
 * that leave tails, and NaN, infinities and signed zeros. This module's tests run with
 * {@code --add-modules jdk.incubator.vector}; every other module's run without it, on the scalar loops.
 */
class VectorReduceKernelTest {
    @Test
    void theVectorLoopsRunInTheseTests() {
        assertTrue(VectorLoops.enabled(), "surefire adds jdk.incubator.vector for this module");
    }

    /** Random values with specials sprinkled in; an odd leading axis so runs leave tails. */
    private static INDArray values(DataType type, long[] shape, Random random, boolean specials) {
        INDArray x = Nd4j.create(DataType.DOUBLE, shape);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0};
        for (long i = 0; i < x.length(); i++) {
            double v = random.nextInt(41) / 8.0 - 2.5;
            if (specials && random.nextInt(500) == 0) {
                v = special[random.nextInt(special.length)];
            }
            x.putScalar(i, v);
        }
        return x.castTo(type);
    }

    private static void assertSameAsScalar(INDArray view, int[] axes, Reduction reduction, String what) {
        long[] shape = ReductionRules.reducedShape(view.shape(), axes);
        INDArray vector = Nd4j.create(view.dataType(), shape);
        INDArray scalar = Nd4j.create(view.dataType(), shape);
        StridedReduce.reduce(StridedRegion.of(view), axes, reduction, StridedRegion.of(vector), true);
        StridedReduce.reduce(StridedRegion.of(view), axes, reduction, StridedRegion.of(scalar), false);
        double tolerance = reduction == Reduction.SUM || reduction == Reduction.MEAN
                ? (view.dataType() == DataType.FLOAT ? 1e-4 : 1e-12) : 0;
        for (long i = 0; i < vector.length(); i++) {
            double v = vector.getDouble(i);
            double s = scalar.getDouble(i);
            if (Double.isNaN(s) || Double.isInfinite(s) || tolerance == 0) {
                assertEquals(Double.doubleToLongBits(s), Double.doubleToLongBits(v),
                        what + " " + reduction + " at " + i + ": " + s + " vs " + v);
            } else {
                assertEquals(s, v, tolerance * Math.max(1, Math.abs(s)), what + " " + reduction + " at " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"MIN", "MAX", "SUM", "MEAN", "PROD"})
    void everyLayoutGivesWhatTheScalarLoopsGive(Reduction reduction) {
        Random random = new Random(reduction.ordinal());
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            boolean specials = reduction == Reduction.MIN || reduction == Reduction.MAX;
            for (long n : new long[] {1, 7, 16, 17, 63, 1001}) {
                INDArray x = values(type, new long[] {5, 8, n}, random, specials);
                assertSameAsScalar(x, new int[] {2}, reduction, type + " runs of " + n);
                assertSameAsScalar(x, new int[] {1}, reduction, type + " combined runs of " + n);
                assertSameAsScalar(x, new int[] {0, 2}, reduction, type + " both of " + n);
                assertSameAsScalar(x.permute(2, 0, 1), new int[] {0}, reduction, type + " strided runs of " + n);
                // pooling: rows (a strided axis of 2) and pairs (the scalar loop's)
                INDArray rows = values(type, new long[] {6, 2, n + 40}, random, specials);
                assertSameAsScalar(rows, new int[] {1}, reduction, type + " window of 2 rows of " + (n + 40));
                INDArray pool = values(type, new long[] {3, 2, n + 40, 2}, random, specials);
                assertSameAsScalar(pool, new int[] {1, 3}, reduction, type + " 2 x 2 windows over " + (n + 40));
            }
        }
    }

    @Test
    void nanAndSignedZerosFollowMathMaxAndMin() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray x = Nd4j.zeros(type, 3, 4000);
            x.putScalar(new long[] {0, 3999}, Double.NaN);
            x.putScalar(new long[] {1, 17}, -0.0);
            x.get(NDArrayIndex.point(2)).assign(-0.0);
            INDArray max = Nd4j.create(type, 3);
            StridedReduce.reduce(StridedRegion.of(x), new int[] {1}, Reduction.MAX, StridedRegion.of(max));
            assertTrue(Double.isNaN(max.getDouble(0)), type + " NaN wins");
            assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(max.getDouble(1)), type + " max(0, -0) is 0");
            assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(max.getDouble(2)), type + " max of -0s");
            INDArray min = Nd4j.create(type, 3);
            StridedReduce.reduce(StridedRegion.of(x), new int[] {1}, Reduction.MIN, StridedRegion.of(min));
            assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(min.getDouble(1)), type + " min(0, -0) is -0");
            assertTrue(Double.isNaN(min.getDouble(0)), type + " NaN wins");
        }
    }
}
