package dev.einops.samediff;

import dev.einops.types.DTypeFamily;
import dev.einops.types.EinopsException;
import dev.einops.spi.HostArray;
import dev.einops.types.Reduction;
import dev.einops.types.ReductionRules;
import dev.einops.nd4j.Nd4jBackend;
import dev.einops.Tensors;
import dev.einops.spi.Backend;
import dev.einops.nd4j.Nd4jTypes;
import dev.einops.spi.SymbolicDim;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff backend: einops on {@link SDVariable}s. Every operation adds differentiable ops to
 * the variable's graph and returns a variable of the same graph, so gradients flow through
 * einops as through SameDiff's own ops.
 *
 * <pre>{@code
 * SameDiff sd = SameDiff.create();
 * SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 32, 32);   // batch known only at run time
 * SDVariable patches = Einops.rearrange(x, "b c (h h2) (w w2) -> b (c h w) h2 w2", Map.of("h2", 2, "w2", 2));
 * SDVariable pooled = Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max");   // [-1, 3, 16, 16]
 * }</pre>
 *
 * <p>Lengths a placeholder leaves open (-1) are computed inside the graph from its runtime shape.
 * Only ops with working gradients in SameDiff 1.0.0-M2.1 are used: repeating is expand-dims plus
 * concatenations of doubling copies (SameDiff's own repeat and broadcast have no or wrong gradients,
 * and {@code tile} costs tens of times a copy) and contractions are {@code mmul} (2-D or batched
 * rank 3), never {@code tensorMmul}. Since every op writes a new output, plans take the fewest
 * steps; {@link SameDiffMemory} lets repeated runs reuse the outputs' memory.
 */
public final class SameDiffBackend implements Backend<SDVariable> {
    private static final Nd4jBackend ND4J = new Nd4jBackend();

    @Override
    public String name() {
        return "samediff";
    }

    /** Every op of a graph writes a new output, reshapes and permutations included. */
    @Override
    public boolean everyStepCopies() {
        return true;
    }

    @Override
    public long[] shape(SDVariable x) {
        return SameDiffShapes.shape(x);
    }

    @Override
    public DTypeFamily dtypeFamily(SDVariable x) {
        return Nd4jTypes.family(x.dataType());
    }

    @Override
    public SDVariable reshape(SDVariable x, long[] shape) {
        if (Arrays.equals(x.getShape(), shape) && Arrays.stream(shape).allMatch(d -> d >= 0)) {
            return x;
        }
        if (SameDiffShapes.isEmpty(shape)) {
            return SameDiffShapes.emptyConstant(x.getSameDiff(), x.dataType(), shape);
        }
        return SameDiffShapes.shaped(x.getSameDiff().reshape(x, shape), shape);
    }

    @Override
    public SDVariable reshape(SDVariable x, long[] shape, SymbolicDim[] dims, List<SDVariable> operands) {
        if (Arrays.stream(shape).filter(d -> d < 0).count() <= 1) {
            return SameDiffShapes.shaped(x.getSameDiff().reshape(x, shape), shape);   // one unknown length: reshape infers it
        }
        SameDiff sd = x.getSameDiff();
        return SameDiffShapes.shaped(sd.reshape(x, SameDiffShapes.lengths(sd, dims, operands)), shape);
    }

    @Override
    public SDVariable permute(SDVariable x, int[] axes) {
        long[] shape = shape(x);
        long[] permuted = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            permuted[i] = shape[axes[i]];
        }
        if (SameDiffShapes.isEmpty(permuted)) {
            return SameDiffShapes.emptyConstant(x.getSameDiff(), x.dataType(), permuted);
        }
        return SameDiffShapes.shaped(x.getSameDiff().permute(x, axes), permuted);
    }

    @Override
    public SDVariable reduce(SDVariable x, Reduction reduction, int[] axes) {
        SameDiff sd = x.getSameDiff();
        DataType type = x.dataType();
        boolean bool = type == DataType.BOOL;
        long[] shape = shape(x);
        long[] reduced = ReductionRules.reducedShape(shape, axes);
        if (SameDiffShapes.isEmpty(shape)) {
            return reduceEmpty(sd, reduction, type, shape, axes, reduced);
        }
        if (Arrays.stream(axes).allMatch(a -> shape[a] == 1)) {
            // One element per output: a reshape (SameDiff fails at run time reducing a length-1 axis)
            DataType result = Nd4jTypes.resultType(reduction, type);
            SDVariable values = SameDiffShapes.shaped(dropUnitAxes(sd, x, axes, reduced), reduced);
            return result == type ? values
                    : SameDiffShapes.shaped(result == DataType.BOOL ? sd.neq(values, 0.0) : values.castTo(result), reduced);
        }
        return SameDiffShapes.shaped(switch (reduction) {
            case ANY -> sd.any(x, axes);
            case ALL -> sd.all(x, axes);
            case MAX -> bool ? sd.any(x, axes) : sd.max(x, axes);
            case MIN -> bool ? sd.all(x, axes) : sd.min(x, axes);
            case MEAN -> sd.mean(x, axes);
            case SUM, PROD -> {
                DataType result = Nd4jTypes.resultType(reduction, type);
                SDVariable source = result == type ? x : x.castTo(result);
                yield reduction == Reduction.SUM ? sd.sum(source, axes) : sd.prod(source, axes);
            }
        }, reduced);
    }

    /** x without its length-1 {@code axes}: a reshape, or squeezes when reshape could not infer the lengths. */
    private static SDVariable dropUnitAxes(SameDiff sd, SDVariable x, int[] axes, long[] reduced) {
        if (Arrays.stream(reduced).filter(d -> d < 0).count() <= 1) {
            return sd.reshape(x, reduced);
        }
        int[] descending = Arrays.stream(axes).boxed().sorted(Comparator.reverseOrder()).mapToInt(Integer::intValue).toArray();
        SDVariable values = x;
        for (int axis : descending) {
            values = sd.squeeze(values, axis);
        }
        return values;
    }

    /**
     * numpy's identities for reductions over no elements (SameDiff refuses them): the constant the
     * ND4J backend computes, since an empty tensor has nothing to differentiate.
     */
    private static SDVariable reduceEmpty(SameDiff sd, Reduction reduction, DataType type, long[] shape, int[] axes,
                                          long[] reduced) {
        return SameDiffShapes.shaped(sd.constant(ND4J.reduce(Nd4j.create(type, shape), reduction, axes)), reduced);
    }

    @Override
    public SDVariable expand(SDVariable x, long[] targetShape) {
        long[] shape = shape(x);
        int[] repeats = new int[targetShape.length];
        boolean any = false;
        for (int a = 0; a < repeats.length; a++) {
            boolean repeated = shape[a] == 1 && targetShape[a] != 1 && targetShape[a] >= 0;
            repeats[a] = repeated ? Math.toIntExact(targetShape[a]) : 1;
            any |= repeated;
        }
        if (Arrays.stream(targetShape).anyMatch(d -> d == 0)) {
            // a repeat of 0: the result is empty, with nothing to differentiate
            return SameDiffShapes.shaped(x.getSameDiff().constant(Nd4j.create(x.dataType(), targetShape)), targetShape);
        }
        if (!any) {
            return x;
        }
        if (x.dataType() == DataType.BOOL) {
            SDVariable ints = SameDiffShapes.shaped(x.castTo(DataType.INT), shape);
            return SameDiffShapes.shaped(expand(ints, targetShape).castTo(DataType.BOOL), targetShape);
        }
        SDVariable out = x;
        long[] current = shape.clone();
        for (int a = 0; a < repeats.length; a++) {
            if (repeats[a] > 1) {
                out = repeatAlong(out, a, repeats[a], current);
            }
        }
        return SameDiffShapes.shaped(out, targetShape);
    }

    /**
     * {@code x}, of length 1 along {@code axis}, repeated {@code n} times along it by concatenations
     * of doubling copies: at most 2 log2(n) ops, each a plain copy whose gradient is a split. libnd4j's
     * {@code tile} costs 30 to 90 times a copy of its output, and SameDiff 1.0.0-M2.1's broadcasting
     * ops several times more than a concatenation. {@code shape} is x's shape, updated.
     */
    private static SDVariable repeatAlong(SDVariable x, int axis, long n, long[] shape) {
        SameDiff sd = x.getSameDiff();
        SDVariable result = null;
        long have = 0;
        SDVariable power = x;
        long powerLength = 1;
        for (long rest = n; ; ) {
            if ((rest & 1) == 1) {
                have += powerLength;
                result = result == null ? power : concatenated(sd, axis, shape, have, result, power);
            }
            rest >>= 1;
            if (rest == 0) {
                break;
            }
            powerLength *= 2;
            power = concatenated(sd, axis, shape, powerLength, power, power);
        }
        shape[axis] = n;
        return result;
    }

    private static SDVariable concatenated(SameDiff sd, int axis, long[] shape, long length, SDVariable a, SDVariable b) {
        long[] out = shape.clone();
        out[axis] = length;
        return SameDiffShapes.shaped(sd.concat(axis, a, b), out);
    }

    @Override
    public SDVariable stack(List<SDVariable> tensors) {
        List<SDVariable> same = promoted(tensors);
        long[] item = shape(tensors.get(0));
        long[] shape = new long[item.length + 1];
        shape[0] = tensors.size();
        System.arraycopy(item, 0, shape, 1, item.length);
        SameDiff sd = same.get(0).getSameDiff();
        if (SameDiffShapes.isEmpty(shape)) {
            return SameDiffShapes.emptyConstant(sd, same.get(0).dataType(), shape);
        }
        return booleanSafe(same, shape, numeric -> sd.stack(0, numeric));
    }

    @Override
    public SDVariable concat(List<SDVariable> tensors, int axis) {
        List<SDVariable> same = promoted(tensors);
        long[] shape = shape(tensors.get(0));
        shape[axis] = 0;
        for (SDVariable t : tensors) {
            long n = shape(t)[axis];
            shape[axis] = n < 0 || shape[axis] < 0 ? -1 : shape[axis] + n;
        }
        SameDiff sd = same.get(0).getSameDiff();
        if (SameDiffShapes.isEmpty(shape)) {
            return SameDiffShapes.emptyConstant(sd, same.get(0).dataType(), shape);
        }
        // empty pieces add nothing, and libnd4j mishandles them
        List<SDVariable> pieces = same.stream().filter(t -> !SameDiffShapes.isEmpty(shape(t))).toList();
        if (pieces.size() == 1) {
            return pieces.get(0);
        }
        return booleanSafe(pieces, shape, numeric -> sd.concat(axis, numeric));
    }

    /** Applies {@code op}; SameDiff's stack and concat refuse booleans, so those go through integers. */
    private static SDVariable booleanSafe(List<SDVariable> tensors, long[] shape,
                                          java.util.function.Function<SDVariable[], SDVariable> op) {
        if (tensors.get(0).dataType() != DataType.BOOL) {
            return SameDiffShapes.shaped(op.apply(tensors.toArray(new SDVariable[0])), shape);
        }
        SDVariable[] ints = tensors.stream().map(t -> t.castTo(DataType.INT)).toArray(SDVariable[]::new);
        return SameDiffShapes.shaped(op.apply(ints).castTo(DataType.BOOL), shape);
    }

    private List<SDVariable> promoted(List<SDVariable> tensors) {
        SameDiff sd = tensors.get(0).getSameDiff();
        DataType type = tensors.get(0).dataType();
        for (SDVariable t : tensors) {
            if (t.getSameDiff() != sd) {
                throw new EinopsException("SameDiff variables " + tensors.get(0).name() + " and " + t.name()
                        + " belong to different graphs");
            }
            type = Nd4jTypes.promote(type, t.dataType());
        }
        DataType common = type;
        return tensors.stream().map(t -> t.dataType() == common ? t : SameDiffShapes.shaped(t.castTo(common), shape(t))).toList();
    }

    @Override
    public SDVariable slice(SDVariable x, int axis, long start, long end, long step) {
        long[] shape = shape(x);
        int rank = shape.length;
        long[] begin = new long[rank];
        long[] stop = new long[rank];
        long[] strides = new long[rank];
        Arrays.fill(strides, 1);
        begin[axis] = start;
        stop[axis] = end;
        strides[axis] = step;
        // every other axis whole, whatever its length at run time
        int whole = ((1 << rank) - 1) & ~(1 << axis);
        shape[axis] = Math.max(0, (end - start + step - 1) / step);
        if (SameDiffShapes.isEmpty(shape)) {
            return SameDiffShapes.emptyConstant(x.getSameDiff(), x.dataType(), shape);
        }
        return SameDiffShapes.shaped(x.getSameDiff().stridedSlice(x, begin, stop, strides, whole, whole, 0, 0, 0), shape);
    }

    @Override
    public SDVariable matmul(SDVariable a, SDVariable b, boolean transposeA, boolean transposeB) {
        SameDiff sd = a.getSameDiff();
        List<SDVariable> operands = promoted(List.of(a, b));
        DataType type = operands.get(0).dataType();
        SDVariable left = operands.get(0);
        SDVariable right = operands.get(1);
        // SameDiff's mmul takes floating types only: integers (exact up to 2^53) and booleans
        // are multiplied as doubles.
        boolean floating = type.isFPType();
        if (!floating) {
            left = left.castTo(DataType.DOUBLE);
            right = right.castTo(DataType.DOUBLE);
        }
        long[] sa = shape(a);
        long[] sb = shape(b);
        int r = sa.length;
        long[] shape = r == 3
                ? new long[] {sa[0], sa[transposeA ? 2 : 1], sb[transposeB ? 1 : 2]}
                : new long[] {sa[transposeA ? 1 : 0], sb[transposeB ? 0 : 1]};
        long k = sa[transposeA ? r - 2 : r - 1];
        if (SameDiffShapes.isEmpty(shape) || k == 0) {
            // nothing to multiply: empty, or sums over nothing, which are zero
            return SameDiffShapes.emptyConstant(sd, type, shape);
        }
        SDVariable product = SameDiffShapes.shaped(sd.mmul(left, right, transposeA, transposeB, false), shape);
        if (floating) {
            return product;
        }
        return SameDiffShapes.shaped(type == DataType.BOOL ? sd.neq(product, 0.0) : product.castTo(type), shape);
    }

    @Override
    public HostArray toHost(SDVariable x) {
        INDArray value;
        try {
            value = x.eval();
        } catch (RuntimeException e) {
            throw new EinopsException("SameDiff variable " + x.name() + " could not be evaluated (placeholders need "
                    + "values): " + e.getMessage(), e);
        }
        return Tensors.toHost(value);
    }
}
