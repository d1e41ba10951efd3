package dev.einops.testkit;

import dev.einops.DTypeFamily;
import dev.einops.Reduction;
import dev.einops.backend.Backend;
import java.util.List;

/**
 * A plain-Java backend for {@link HostTensor}: every operation is an explicit loop over C-order
 * indices. It is slow and obviously right, so it tests the core engine (parser, recipes, plans,
 * executor) on the whole corpus without any tensor library.
 */
public final class JavaArrayBackend implements Backend<HostTensor> {

    @Override
    public String name() {
        return "java-arrays";
    }

    @Override
    public long[] shape(HostTensor x) {
        return x.shape().clone();
    }

    @Override
    public DTypeFamily dtypeFamily(HostTensor x) {
        return x.family();
    }

    @Override
    public HostTensor reshape(HostTensor x, long[] shape) {
        if (HostTensor.elementCount(shape) != x.size()) {
            throw new IllegalArgumentException("reshape of " + x.size() + " elements to " + java.util.Arrays.toString(shape));
        }
        return x.withShape(shape);
    }

    @Override
    public HostTensor permute(HostTensor x, int[] axes) {
        long[] strides = HostTensor.strides(x.shape());
        long[] outShape = new long[axes.length];
        long[] sourceStrides = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            outShape[i] = x.shape()[axes[i]];
            sourceStrides[i] = strides[axes[i]];
        }
        return gather(x, outShape, sourceStrides);
    }

    @Override
    public HostTensor expand(HostTensor x, long[] unitShape, long[] targetShape) {
        long[] strides = HostTensor.strides(unitShape);
        long[] sourceStrides = new long[targetShape.length];
        for (int i = 0; i < targetShape.length; i++) {
            sourceStrides[i] = unitShape[i] == targetShape[i] ? strides[i] : 0;
        }
        return gather(x, targetShape, sourceStrides);
    }

    /** out[index] = x[sum(index[i] * sourceStrides[i])] over all C-order indices of outShape. */
    private static HostTensor gather(HostTensor x, long[] outShape, long[] sourceStrides) {
        HostTensor out = HostTensor.zeros(outShape, x.family());
        int n = out.size();
        long[] index = new long[outShape.length];
        long offset = 0;
        for (int o = 0; o < n; o++) {
            x.copyTo((int) offset, out, o);
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
        return out;
    }

    @Override
    public HostTensor reduce(HostTensor x, Reduction reduction, int[] axes) {
        long[] shape = x.shape();
        boolean[] isReduced = new boolean[shape.length];
        for (int a : axes) {
            isReduced[a] = true;
        }
        long[] outShape = java.util.stream.IntStream.range(0, shape.length).filter(i -> !isReduced[i])
                .mapToLong(i -> shape[i]).toArray();
        long[] outStrides = HostTensor.strides(outShape);
        long[] targetStrides = new long[shape.length];
        for (int i = 0, k = 0; i < shape.length; i++) {
            targetStrides[i] = isReduced[i] ? 0 : outStrides[k++];
        }
        int outSize = Math.toIntExact(HostTensor.elementCount(outShape));
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
    public HostTensor stack(List<HostTensor> tensors) {
        DTypeFamily family = DTypeFamily.BOOLEAN;
        for (HostTensor t : tensors) {
            if (t.family() == DTypeFamily.FLOATING || (t.family() == DTypeFamily.INTEGER && family == DTypeFamily.BOOLEAN)) {
                family = t.family();
            }
        }
        long[] shape = new long[tensors.get(0).rank() + 1];
        shape[0] = tensors.size();
        System.arraycopy(tensors.get(0).shape(), 0, shape, 1, shape.length - 1);
        HostTensor out = HostTensor.zeros(shape, family);
        int each = tensors.get(0).size();
        for (int t = 0; t < tensors.size(); t++) {
            HostTensor source = tensors.get(t);
            for (int i = 0; i < each; i++) {
                int o = t * each + i;
                switch (family) {
                    case FLOATING -> out.doubles()[o] = source.asDouble(i);
                    case INTEGER -> out.longs()[o] = source.asLong(i);
                    case BOOLEAN -> out.booleans()[o] = source.asBoolean(i);
                }
            }
        }
        return out;
    }

    @Override
    public boolean sharesStorage(HostTensor a, HostTensor b) {
        return a.doubles() == b.doubles() && a.longs() == b.longs() && a.booleans() == b.booleans();
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

        void add(int o, HostTensor x, int i) {
            boolean integral = input != DTypeFamily.FLOATING;
            switch (reduction) {
                case SUM, MEAN -> {
                    if (integral && reduction == Reduction.SUM) {
                        l[o] += x.asLong(i);
                    } else {
                        d[o] += x.asDouble(i);
                    }
                }
                case PROD -> {
                    if (!seen[o]) {
                        l[o] = 1;
                        d[o] = 1;
                    }
                    if (integral) {
                        l[o] *= x.asLong(i);
                    } else {
                        d[o] *= x.asDouble(i);
                    }
                }
                case MIN, MAX -> {
                    boolean max = reduction == Reduction.MAX;
                    if (integral) {
                        long v = x.asLong(i);
                        l[o] = !seen[o] ? v : max ? Math.max(l[o], v) : Math.min(l[o], v);
                    } else {
                        double v = x.asDouble(i);
                        d[o] = !seen[o] ? v : max ? Math.max(d[o], v) : Math.min(d[o], v);
                    }
                }
                case ANY -> l[o] |= x.asBoolean(i) ? 1 : 0;
                case ALL -> l[o] = (!seen[o] || l[o] == 1) && x.asBoolean(i) ? 1 : 0;
            }
            seen[o] = true;
        }

        HostTensor result(long[] shape, long groupSize) {
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
                    return HostTensor.ofDoubles(shape, d);
                }
                case INTEGER -> {
                    return HostTensor.ofLongs(shape, l);
                }
                default -> {
                    boolean[] b = new boolean[n];
                    for (int o = 0; o < n; o++) {
                        b[o] = l[o] != 0;
                    }
                    return HostTensor.ofBooleans(shape, b);
                }
            }
        }
    }
}
