package dev.einops.spark.exec;

import dev.einops.spi.HostArray;
import dev.einops.spark.tensor.MalformedTensorException;
import dev.einops.types.DTypeFamily;
import dev.einops.types.Reduction;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The compact state of a {@link ReduceAccumulator}: the shape every row has, the number of rows
 * reduced, the output's shape and its accumulated values (doubles for floating results, longs for
 * integer and boolean ones; a mean as its sum), with the elementwise rule that combines two partial
 * results of a reduction and the few bytes the state travels as between partitions.
 */
final class ReduceState {
    private long[] rowShape;
    private long rows;
    private long[] outShape;
    private double[] doubles;
    private long[] longs;

    /** The shape every row has (the first row's), or null before the first row. */
    long[] rowShape() {
        return rowShape;
    }

    /** The rows reduced so far. */
    long rows() {
        return rows;
    }

    /** The output's shape; null before the first rows are reduced. */
    long[] outShape() {
        return outShape;
    }

    /**
     * Takes the shape of a row about to be added: the first row's becomes every row's.
     *
     * @throws MalformedTensorException if the row's shape differs from the rows' before it
     */
    void admit(long[] shape) {
        if (rowShape == null) {
            rowShape = shape;
        } else if (!Arrays.equals(rowShape, shape)) {
            throw new MalformedTensorException("rows of different shapes cannot be reduced together: this row has "
                    + Arrays.toString(shape) + " and the rows before it " + Arrays.toString(rowShape), shape);
        }
    }

    /** Combines {@code values}, the reduction {@code r} of {@code newRows} more rows, into the state. */
    void combine(Reduction r, HostArray values, long newRows) {
        int n = values.size();
        boolean floating = values.family() == DTypeFamily.FLOATING;
        if (rows == 0) {
            outShape = values.shape();
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

    /**
     * Combines {@code other}, a state of rows of the same shape with at least one row, into this
     * one by {@code r}.
     */
    void merge(Reduction r, ReduceState other) {
        rowShape = other.rowShape.clone();
        HostArray values = other.doubles != null ? HostArray.ofDoubles(other.doubles, other.outShape)
                : HostArray.ofLongs(other.longs, other.outShape);
        combine(r, values, other.rows);
    }

    /**
     * The result's values, a new array: a {@code double[]} (for a mean, the sums divided by the
     * number of elements each output element reduced) or a {@code long[]}. Only once rows were reduced.
     */
    Object values(Reduction r) {
        if (doubles == null) {
            return longs.clone();
        }
        double[] v = doubles.clone();
        if (r == Reduction.MEAN) {
            double count = rows * (double) elements(rowShape) / Math.max(1, elements(outShape));
            for (int i = 0; i < v.length; i++) {
                v[i] /= count;
            }
        }
        return v;
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The state in a few bytes: the shapes, the row count and the accumulated values. */
    byte[] toBytes() {
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

    /** The state {@link #toBytes()} wrote. */
    static ReduceState fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ReduceState state = new ReduceState();
        int rank = in.getInt();
        state.rowShape = rank < 0 ? null : new long[rank];
        for (int i = 0; i < rank; i++) {
            state.rowShape[i] = in.getLong();
        }
        state.rows = in.getLong();
        int outRank = in.getInt();
        state.outShape = new long[outRank];
        for (int i = 0; i < outRank; i++) {
            state.outShape[i] = in.getLong();
        }
        byte kind = in.get();
        int n = in.getInt();
        state.doubles = kind == 1 ? new double[n] : null;
        state.longs = kind == 2 ? new long[n] : null;
        for (int i = 0; i < n; i++) {
            if (kind == 1) {
                state.doubles[i] = in.getDouble();
            } else {
                state.longs[i] = in.getLong();
            }
        }
        if (state.rows == 0) {
            state.outShape = null;
        }
        return state;
    }
}
