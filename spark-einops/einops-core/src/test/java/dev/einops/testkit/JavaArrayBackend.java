package dev.einops.testkit;

import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;
import dev.einops.types.Reduction;
import dev.einops.spi.Backend;
import java.util.List;

/**
 * A plain-Java backend for {@link HostArray}: every operation is an explicit loop over C-order
 * indices. It is slow and obviously right, so it tests the core engine (parser, recipes, plans,
 * executor) on the whole corpus without any tensor library.
 */
public final class JavaArrayBackend implements Backend<HostArray> {

    @Override
    public String name() {
        return "java-arrays";
    }

    @Override
    public long[] shape(HostArray x) {
        return x.shape().clone();
    }

    @Override
    public DTypeFamily dtypeFamily(HostArray x) {
        return x.family();
    }

    /** Eight bytes for numbers (held as doubles or longs), one for booleans. */
    @Override
    public long elementBytes(HostArray x) {
        return x.family() == DTypeFamily.BOOLEAN ? 1 : 8;
    }

    /** A Java array holds at most {@code Integer.MAX_VALUE - 8} elements. */
    @Override
    public dev.einops.types.TensorSizeLimit sizeLimit(dev.einops.types.TensorSizeLimit configured) {
        return configured.atMost((Integer.MAX_VALUE - 8L) * 8, "the length of a Java array");
    }

    @Override
    public HostArray reshape(HostArray x, long[] shape) {
        if (HostArrays.elementCount(shape) != x.size()) {
            throw new IllegalArgumentException("reshape of " + x.size() + " elements to " + java.util.Arrays.toString(shape));
        }
        return HostArrays.withShape(x, shape);
    }

    @Override
    public HostArray permute(HostArray x, int[] axes) {
        long[] strides = HostArrays.strides(x.shape());
        long[] outShape = new long[axes.length];
        long[] sourceStrides = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            outShape[i] = x.shape()[axes[i]];
            sourceStrides[i] = strides[axes[i]];
        }
        return gather(x, outShape, sourceStrides);
    }

    @Override
    public HostArray expand(HostArray x, long[] targetShape) {
        long[] unitShape = x.shape();
        long[] strides = HostArrays.strides(unitShape);
        long[] sourceStrides = new long[targetShape.length];
        for (int i = 0; i < targetShape.length; i++) {
            sourceStrides[i] = unitShape[i] == targetShape[i] ? strides[i] : 0;
        }
        return gather(x, targetShape, sourceStrides);
    }

    /** out[index] = x[sum(index[i] * sourceStrides[i])] over all C-order indices of outShape. */
    private static HostArray gather(HostArray x, long[] outShape, long[] sourceStrides) {
        HostArrays.Buffer out = HostArrays.zeros(outShape, x.family());
        int n = out.size();
        long[] index = new long[outShape.length];
        long offset = 0;
        for (int o = 0; o < n; o++) {
            out.set(o, x, (int) offset);
            for (int d = outShape.length - 1; d >= 0; d--) {
                index[d]++;
                offset += sourceStrides[d];
                if (index[d] < outShape[d]) {
                    break;
                }
                offset -= sourceStrides[d] * index[d];
                index[d] = 0;
            }
        }
        return out.toHost();
    }

    @Override
    public HostArray reduce(HostArray x, Reduction reduction, int[] axes) {
        long[] shape = x.shape();
        boolean[] isReduced = new boolean[shape.length];
        for (int a : axes) {
            isReduced[a] = true;
        }
        long[] outShape = java.util.stream.IntStream.range(0, shape.length).filter(i -> !isReduced[i])
                .mapToLong(i -> shape[i]).toArray();
        long[] outStrides = HostArrays.strides(outShape);
        long[] targetStrides = new long[shape.length];
        for (int i = 0, k = 0; i < shape.length; i++) {
            targetStrides[i] = isReduced[i] ? 0 : outStrides[k++];
        }
        int outSize = Math.toIntExact(HostArrays.elementCount(outShape));
        long groupSize = outSize == 0 ? 0 : x.size() / outSize;
        Accumulator acc = new Accumulator(reduction, x.family(), outSize);
        long[] index = new long[shape.length];
        long target = 0;
        for (int i = 0; i < x.size(); i++) {
            acc.add((int) target, x, i);
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d]++;
                target += targetStrides[d];
                if (index[d] < shape[d]) {
                    break;
                }
                target -= targetStrides[d] * index[d];
                index[d] = 0;
            }
        }
        return acc.result(outShape, groupSize);
    }

    @Override
    public HostArray stack(List<HostArray> tensors) {
        List<HostArray> items = new java.util.ArrayList<>();
        for (HostArray t : tensors) {
            long[] shape = new long[t.rank() + 1];
            shape[0] = 1;
            System.arraycopy(t.shape(), 0, shape, 1, t.rank());
            items.add(HostArrays.withShape(t, shape));
        }
        return concat(items, 0);
    }

    @Override
    public HostArray concat(List<HostArray> tensors, int axis) {
        DTypeFamily family = promote(tensors);
        long[] shape = tensors.get(0).shape().clone();
        shape[axis] = tensors.stream().mapToLong(t -> t.shape()[axis]).sum();
        HostArrays.Buffer out = HostArrays.zeros(shape, family);
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        int o = 0;
        for (long block = 0; block < outer; block++) {
            for (HostArray t : tensors) {
                int chunk = (int) (t.size() / Math.max(1, outer));
                for (int i = 0; i < chunk; i++) {
                    out.set(o++, t, (int) (block * chunk + i));
                }
            }
        }
        return out.toHost();
    }

    private static DTypeFamily promote(List<HostArray> tensors) {
        DTypeFamily family = DTypeFamily.BOOLEAN;
        for (HostArray t : tensors) {
            if (t.family() == DTypeFamily.FLOATING || (t.family() == DTypeFamily.INTEGER && family == DTypeFamily.BOOLEAN)) {
                family = t.family();
            }
        }
        return family;
    }

    @Override
    public HostArray slice(HostArray x, int axis, long start, long end, long step) {
        long[] strides = HostArrays.strides(x.shape());
        long[] shape = x.shape().clone();
        shape[axis] = Math.max(0, (end - start + step - 1) / step);
        long[] sourceStrides = strides.clone();
        sourceStrides[axis] = strides[axis] * step;
        HostArray shifted = start == 0 ? x : shiftedView(x, start * strides[axis]);
        return gather(shifted, shape, sourceStrides);
    }

    /** x's values from flat offset {@code offset} on, as a flat tensor (gather reads it by strides). */
    private static HostArray shiftedView(HostArray x, long offset) {
        HostArrays.Buffer rest = HostArrays.zeros(new long[] {x.size() - offset}, x.family());
        for (int i = 0; i < rest.size(); i++) {
            rest.set(i, x, (int) (i + offset));
        }
        return rest.toHost();
    }

    @Override
    public HostArray matmul(HostArray a, HostArray b, boolean transposeA, boolean transposeB) {
        boolean batched = a.rank() == 3;
        long batches = batched ? a.shape()[0] : 1;
        int r = a.rank();
        int m = (int) a.shape()[transposeA ? r - 1 : r - 2];
        int k = (int) a.shape()[transposeA ? r - 2 : r - 1];
        int n = (int) b.shape()[transposeB ? r - 2 : r - 1];
        DTypeFamily family = promote(List.of(a, b));
        long[] shape = batched ? new long[] {batches, m, n} : new long[] {m, n};
        HostArrays.Buffer out = HostArrays.zeros(shape, family);
        for (int p = 0; p < batches; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int o = (int) ((p * m + i) * (long) n + j);
                    for (int q = 0; q < k; q++) {
                        int ai = (int) (p * (long) m * k + (transposeA ? q * (long) m + i : i * (long) k + q));
                        int bi = (int) (p * (long) k * n + (transposeB ? j * (long) k + q : q * (long) n + j));
                        switch (family) {
                            case FLOATING -> out.doubles[o] += a.getDouble(ai) * b.getDouble(bi);
                            case INTEGER -> out.longs[o] += a.getLong(ai) * b.getLong(bi);
                            case BOOLEAN -> out.booleans[o] |= a.getBoolean(ai) && b.getBoolean(bi);
                        }
                    }
                }
            }
        }
        return out.toHost();
    }

    @Override
    public dev.einops.spi.HostArray toHost(HostArray x) {
        return x;
    }

    @Override
    public HostArray fromArray(Object values, long[] shape) {
        if (values instanceof double[] d) {
            return HostArrays.ofDoubles(shape, d.clone());
        }
        if (values instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return HostArrays.ofDoubles(shape, d);
        }
        if (values instanceof long[] l) {
            return HostArrays.ofLongs(shape, l.clone());
        }
        if (values instanceof int[] ints) {
            return HostArrays.ofLongs(shape, java.util.Arrays.stream(ints).asLongStream().toArray());
        }
        return HostArrays.ofBooleans(shape, ((boolean[]) values).clone());
    }

    /** Host arrays never share their values: each holds its own copy. */
    @Override
    public boolean sharesStorage(HostArray a, HostArray b) {
        return false;
    }

    /** Running reductions per output element, with the reference's result families. */
    private static final class Accumulator {
        final Reduction reduction;
        final DTypeFamily input;
        final double[] d;
        final long[] l;
        final boolean[] seen;

        Accumulator(Reduction reduction, DTypeFamily input, int n) {
            this.reduction = reduction;
            this.input = input;
            this.d = new double[n];
            this.l = new long[n];
            this.seen = new boolean[n];
        }

        void add(int o, HostArray x, int i) {
            boolean integral = input != DTypeFamily.FLOATING;
            switch (reduction) {
                case SUM, MEAN -> {
                    if (integral && reduction == Reduction.SUM) {
                        l[o] += x.getLong(i);
                    } else {
                        d[o] += x.getDouble(i);
                    }
                }
                case PROD -> {
                    if (!seen[o]) {
                        l[o] = 1;
                        d[o] = 1;
                    }
                    if (integral) {
                        l[o] *= x.getLong(i);
                    } else {
                        d[o] *= x.getDouble(i);
                    }
                }
                case MIN, MAX -> {
                    boolean max = reduction == Reduction.MAX;
                    if (integral) {
                        long v = x.getLong(i);
                        l[o] = !seen[o] ? v : max ? Math.max(l[o], v) : Math.min(l[o], v);
                    } else {
                        double v = x.getDouble(i);
                        d[o] = !seen[o] ? v : max ? Math.max(d[o], v) : Math.min(d[o], v);
                    }
                }
                case ANY -> l[o] |= x.getBoolean(i) ? 1 : 0;
                case ALL -> l[o] = (!seen[o] || l[o] == 1) && x.getBoolean(i) ? 1 : 0;
            }
            seen[o] = true;
        }

        HostArray result(long[] shape, long groupSize) {
            int n = seen.length;
            DTypeFamily family = reduction.resultFamily(input);
            if (groupSize == 0) {
                for (int o = 0; o < n; o++) {
                    switch (reduction) {
                        case PROD -> {
                            l[o] = 1;
                            d[o] = 1;
                        }
                        case ALL -> l[o] = 1;
                        case MEAN -> d[o] = Double.NaN;
                        case MIN, MAX -> throw new IllegalArgumentException("zero-size array to reduction operation "
                                + reduction.label() + " which has no identity");
                        default -> {
                        }
                    }
                }
            }
            switch (family) {
                case FLOATING -> {
                    if (reduction == Reduction.MEAN) {
                        for (int o = 0; o < n; o++) {
                            d[o] /= groupSize;
                        }
                    }
                    return HostArrays.ofDoubles(shape, d);
                }
                case INTEGER -> {
                    return HostArrays.ofLongs(shape, l);
                }
                default -> {
                    boolean[] b = new boolean[n];
                    for (int o = 0; o < n; o++) {
                        b[o] = l[o] != 0;
                    }
                    return HostArrays.ofBooleans(shape, b);
                }
            }
        }
    }
}
