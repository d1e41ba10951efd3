package dev.einops.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The reduction loops on the Vector API, for max, min, sum and mean of floats and doubles (products
 * stay scalar): a run folded into one output (a global reduction), a run combined into as many
 * outputs, and windows of rows folded in registers (pooling over a strided axis). Anything else
 * goes to the scalar kernel it wraps. Lanes combine as {@code Math.max} and
 * {@code Math.min} do (NaN wins); float sums of a run accumulate in double, as the scalar loop does.
 *
 * <p>Loaded only by {@link VectorLoops}, where the module {@code jdk.incubator.vector} is present.
 */
final class VectorReduceKernel extends ReduceKernel {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Floats widened to a double vector for sums: half a double vector's bits. */
    private static final VectorSpecies<Float> F_WIDENED = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final ReduceKernel scalar;
    private final ByteBuffer src;
    private final ByteBuffer dst;
    private final boolean doubles;
    /**
     * The lane operation: {@link #MAX}, {@link #MIN}, {@link #ADD}, or {@link #NONE} (products, left
     * to the scalar kernel). An int, not a {@code VectorOperators} field: the JIT compiles a lane
     * operation to vector instructions only when the operator is a constant where it is called.
     */
    private final int kind;
    private static final int NONE = 0;
    private static final int MAX = 1;
    private static final int MIN = 2;
    private static final int ADD = 3;

    VectorReduceKernel(ReduceKernel scalar, ByteBuffer src, ByteBuffer dst, boolean doubles) {
        super(scalar.from, scalar.to, scalar.reduction);
        this.scalar = scalar;
        this.src = src;
        this.dst = dst;
        this.doubles = doubles;
        this.kind = switch (scalar.reduction) {
            case MAX -> MAX;
            case MIN -> MIN;
            case SUM, MEAN -> ADD;
            default -> NONE;
        };
    }

    private DoubleVector apply(DoubleVector a, DoubleVector b) {
        return kind == MAX ? a.max(b) : kind == MIN ? a.min(b) : a.add(b);
    }

    private FloatVector apply(FloatVector a, FloatVector b) {
        return kind == MAX ? a.max(b) : kind == MIN ? a.min(b) : a.add(b);
    }

    @Override
    void fill(long offset, long n) {
        scalar.fill(offset, n);
    }

    @Override
    void divide(long offset, long n, long count) {
        scalar.divide(offset, n, count);
    }

    private int lanes() {
        return doubles ? D.length() : F.length();
    }

    @Override
    void run(long s, long ss, long d, long ds, long n, boolean reducedRun) {
        if (kind == NONE || ss != 1 || (!reducedRun && ds != 1) || n < lanes()) {
            scalar.run(s, ss, d, ds, n, reducedRun);
        } else if (reducedRun) {
            if (doubles) {
                foldRunOfDoubles(s, d, n);
            } else {
                foldRunOfFloats(s, d, n);
            }
        } else if (doubles) {
            combineRunOfDoubles(s, d, n);
        } else {
            combineRunOfFloats(s, d, n);
        }
    }

    /**
     * Windows of rows: each output combines the same position of several rows ({@code ss} 1,
     * outputs side by side), as pooling over a strided axis does. A pair of neighbours (the 2 of
     * 2 x 2 pooling, {@code ss} 2) is left to the scalar kernel: taking the even and odd lanes
     * apart needs two-vector shuffles, which Java 17 does not compile to single instructions
     * (measured slower than the scalar loop).
     */
    @Override
    boolean foldsWindow(long[] window, long ss, long ds) {
        return kind != NONE && ss == 1 && ds == 1;
    }

    @Override
    void fold(long s, long ss, long d, long ds, long n, long[] window, boolean direct) {
        if (doubles) {
            foldWindowOfDoubles(s, d, n, window, direct);
        } else {
            foldWindowOfFloats(s, d, n, window, direct);
        }
    }

    // ---- doubles

    private DoubleVector loadDoubles(ByteBuffer buffer, long i) {
        return loadDoubles(D, buffer, i);
    }

    private static DoubleVector loadDoubles(VectorSpecies<Double> species, ByteBuffer buffer, long i) {
        return DoubleVector.fromByteBuffer(species, buffer, (int) (i << 3), ORDER);
    }

    private double combine(double a, double b) {
        return switch (reduction) {
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> a + b;
        };
    }

    private void foldRunOfDoubles(long s, long d, long n) {
        DoubleVector acc = DoubleVector.broadcast(D, identity());
        int lanes = D.length();
        long j = 0;
        for (; j + lanes <= n; j += lanes) {
            acc = apply(acc, loadDoubles(src, s + j));
        }
        double r = kind == MAX ? acc.reduceLanes(VectorOperators.MAX)
                : kind == MIN ? acc.reduceLanes(VectorOperators.MIN) : acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            r = combine(r, src.getDouble((int) ((s + j) << 3)));
        }
        int at = (int) (d << 3);
        dst.putDouble(at, combine(dst.getDouble(at), r));
    }

    private void combineRunOfDoubles(long s, long d, long n) {
        int lanes = D.length();
        long j = 0;
        for (; j + lanes <= n; j += lanes) {
            apply(loadDoubles(dst, d + j), loadDoubles(src, s + j)).intoByteBuffer(dst, (int) ((d + j) << 3), ORDER);
        }
        for (; j < n; j++) {
            int at = (int) ((d + j) << 3);
            dst.putDouble(at, combine(dst.getDouble(at), src.getDouble((int) ((s + j) << 3))));
        }
    }

    private void foldWindowOfDoubles(long s, long d, long n, long[] window, boolean direct) {
        for (long j = foldRowsOfDoubles(s, d, n, window, direct); j < n; j++) {
            double acc = src.getDouble((int) ((s + window[0] + j) << 3));
            for (int k = 1; k < window.length; k++) {
                acc = combine(acc, src.getDouble((int) ((s + window[k] + j) << 3)));
            }
            int at = (int) ((d + j) << 3);
            dst.putDouble(at, direct ? acc : combine(dst.getDouble(at), acc));
        }
    }

    /** The outputs of a rows window a whole vector at a time; returns how many were done. */
    private long foldRowsOfDoubles(long s, long d, long n, long[] window, boolean direct) {
        int lanes = D.length();
        long j = 0;
        for (; j + lanes <= n; j += lanes) {
            DoubleVector out = loadDoubles(src, s + window[0] + j);
            for (int r = 1; r < window.length; r++) {
                out = apply(out, loadDoubles(src, s + window[r] + j));
            }
            if (!direct) {
                out = apply(loadDoubles(dst, d + j), out);
            }
            out.intoByteBuffer(dst, (int) ((d + j) << 3), ORDER);
        }
        return j;
    }

    // ---- floats

    private FloatVector loadFloats(ByteBuffer buffer, long i) {
        return loadFloats(F, buffer, i);
    }

    private static FloatVector loadFloats(VectorSpecies<Float> species, ByteBuffer buffer, long i) {
        return FloatVector.fromByteBuffer(species, buffer, (int) (i << 2), ORDER);
    }

    private float combine(float a, float b) {
        return switch (reduction) {
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> a + b;
        };
    }

    private void foldRunOfFloats(long s, long d, long n) {
        long j = 0;
        int at = (int) (d << 2);
        if (kind == ADD) {
            // the sum of a run accumulates in double
            DoubleVector acc = DoubleVector.zero(D);
            int lanes = F_WIDENED.length();
            for (; j + lanes <= n; j += lanes) {
                FloatVector v = FloatVector.fromByteBuffer(F_WIDENED, src, (int) ((s + j) << 2), ORDER);
                acc = acc.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
            }
            double r = acc.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                r += src.getFloat((int) ((s + j) << 2));
            }
            dst.putFloat(at, (float) (dst.getFloat(at) + r));
            return;
        }
        FloatVector acc = FloatVector.broadcast(F, (float) identity());
        int lanes = F.length();
        for (; j + lanes <= n; j += lanes) {
            acc = apply(acc, loadFloats(src, s + j));
        }
        float r = kind == MAX ? acc.reduceLanes(VectorOperators.MAX)
                : kind == MIN ? acc.reduceLanes(VectorOperators.MIN) : acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            r = combine(r, src.getFloat((int) ((s + j) << 2)));
        }
        dst.putFloat(at, combine(dst.getFloat(at), r));
    }

    private void combineRunOfFloats(long s, long d, long n) {
        int lanes = F.length();
        long j = 0;
        for (; j + lanes <= n; j += lanes) {
            apply(loadFloats(dst, d + j), loadFloats(src, s + j)).intoByteBuffer(dst, (int) ((d + j) << 2), ORDER);
        }
        for (; j < n; j++) {
            int at = (int) ((d + j) << 2);
            dst.putFloat(at, combine(dst.getFloat(at), src.getFloat((int) ((s + j) << 2))));
        }
    }

    private void foldWindowOfFloats(long s, long d, long n, long[] window, boolean direct) {
        for (long j = foldRowsOfFloats(s, d, n, window, direct); j < n; j++) {
            float acc = src.getFloat((int) ((s + window[0] + j) << 2));
            for (int k = 1; k < window.length; k++) {
                acc = combine(acc, src.getFloat((int) ((s + window[k] + j) << 2)));
            }
            int at = (int) ((d + j) << 2);
            dst.putFloat(at, direct ? acc : combine(dst.getFloat(at), acc));
        }
    }

    /** The outputs of a rows window a whole vector at a time; returns how many were done. */
    private long foldRowsOfFloats(long s, long d, long n, long[] window, boolean direct) {
        int lanes = F.length();
        long j = 0;
        for (; j + lanes <= n; j += lanes) {
            FloatVector out = loadFloats(src, s + window[0] + j);
            for (int r = 1; r < window.length; r++) {
                out = apply(out, loadFloats(src, s + window[r] + j));
            }
            if (!direct) {
                out = apply(loadFloats(dst, d + j), out);
            }
            out.intoByteBuffer(dst, (int) ((d + j) << 2), ORDER);
        }
        return j;
    }
}
