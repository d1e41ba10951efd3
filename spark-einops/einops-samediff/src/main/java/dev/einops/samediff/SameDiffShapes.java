package dev.einops.samediff;

import dev.einops.spi.SymbolicDim;
import dev.einops.types.EinopsException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shapes of SameDiff variables as einops needs them before the graph runs: read from the variable
 * (where {@code getShape()} forgets a declared one), recorded on each op's output, and, for
 * lengths known only at run time, computed inside the graph from the operands' sizes.
 */
final class SameDiffShapes {
    private static final VarHandle DECLARED_SHAPE = declaredShapeHandle();

    private SameDiffShapes() {
    }

    /**
     * The shape of {@code x}, -1 where a length is known only when the graph runs.
     *
     * @throws EinopsException when SameDiff does not know the shape until the graph runs
     */
    static long[] shape(SDVariable x) {
        long[] shape = x.getShape();
        if (shape == null) {
            shape = declaredShape(x);
        }
        if (shape == null) {
            throw new EinopsException("The shape of SameDiff variable " + x.name() + " is not known until the graph "
                    + "runs; give placeholders a shape (-1 for lengths known only at run time), or declare an op's "
                    + "output shape with setShape(...)");
        }
        return shape.clone();
    }

    /**
     * The shape recorded with {@code setShape}: SameDiff's {@code getShape()} ignores it for op
     * outputs outside eager mode, so it is read from the variable itself.
     */
    private static long[] declaredShape(SDVariable x) {
        return DECLARED_SHAPE == null ? null : (long[]) DECLARED_SHAPE.get(x);
    }

    private static VarHandle declaredShapeHandle() {
        try {
            return MethodHandles.privateLookupIn(SDVariable.class, MethodHandles.lookup())
                    .findVarHandle(SDVariable.class, "shape", long[].class);
        } catch (ReflectiveOperationException | IllegalAccessError | SecurityException e) {
            return null;
        }
    }

    /**
     * Records the shape of an op's output on its variable: SameDiff computes output shapes only
     * when the graph runs, but the next einops step (and the caller) needs them now. -1 marks a
     * length known only at run time.
     */
    static SDVariable shaped(SDVariable v, long[] shape) {
        v.setShape(shape.clone());
        return v;
    }

    /**
     * An empty result as a constant. libnd4j fails on, or even aborts the JVM for, several ops on
     * empty arrays (reshape, concat), and an empty tensor has nothing to differentiate, so no op
     * is added for it.
     */
    static SDVariable emptyConstant(SameDiff sd, DataType type, long[] shape) {
        return shaped(sd.constant(Nd4j.create(type, shape)), shape);
    }

    /** Whether the shape is known and has no elements. */
    static boolean isEmpty(long[] shape) {
        return Arrays.stream(shape).anyMatch(d -> d == 0) && Arrays.stream(shape).allMatch(d -> d >= 0);
    }

    /** The shape {@code dims} as a graph vector: constants, and lengths computed from {@code operands}. */
    static SDVariable lengths(SameDiff sd, SymbolicDim[] dims, List<SDVariable> operands) {
        List<SDVariable> lengths = new ArrayList<>();
        for (SymbolicDim dim : dims) {
            lengths.add(dim.isKnown() ? sd.constant(Nd4j.createFromArray(dim.value())) : length(sd, dim, operands));
        }
        return sd.concat(0, lengths.toArray(new SDVariable[0]));
    }

    /** A length computed inside the graph: numerator * dims of the operands / denominator, as a [1] vector. */
    private static SDVariable length(SameDiff sd, SymbolicDim dim, List<SDVariable> operands) {
        SDVariable product = null;
        int[] operandOf = dim.operands();
        int[] axes = dim.axes();
        for (int i = 0; i < axes.length; i++) {
            SDVariable size = sd.reshape(sd.sizeAt(operands.get(operandOf[i]), axes[i]).castTo(DataType.LONG), 1L);
            product = product == null ? size : product.mul(size);
        }
        if (dim.numerator() != 1) {
            product = product.mul(sd.constant(Nd4j.createFromArray(dim.numerator())));
        }
        if (dim.denominator() != 1) {
            product = product.div(sd.constant(Nd4j.createFromArray(dim.denominator())));
        }
        return product;
    }
}
