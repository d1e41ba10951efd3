package dev.einops.spi;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An axis length as the plan knows it: a constant, or — for tensors whose shape is only known when
 * they run, such as a graph placeholder with a batch axis of -1 — a product of input dimensions
 * times a fraction: {@code numerator * dim(operands[0], axes[0]) * ... / denominator}.
 *
 * <pre>{@code
 * SymbolicDim b = SymbolicDim.ofInput(0, 0).dividedBy(4);   // dim 0 of the input, divided by 4
 * b.times(SymbolicDim.of(2)).toString();                    // d0.0 * 2 / 4 -> "d0.0 / 2"
 * SymbolicDim.of(6).value();                                // 6
 * }</pre>
 *
 * @param numerator   the constant factor (after reduction by the denominator)
 * @param denominator the constant divisor, positive
 * @param operands    per input dimension of the product: which operand (0 for single-input ops)
 * @param axes        per input dimension of the product: which axis of it
 */
public record SymbolicDim(long numerator, long denominator, int[] operands, int[] axes) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int[] NONE = new int[0];

    public SymbolicDim {
        operands = operands.clone();
        axes = axes.clone();
        if (operands.length != axes.length) {
            throw new IllegalArgumentException("operands " + Arrays.toString(operands) + " and axes "
                    + Arrays.toString(axes) + " differ in length");
        }
    }

    @Override
    public int[] operands() {
        return operands.clone();
    }

    @Override
    public int[] axes() {
        return axes.clone();
    }

    /** A known length. */
    public static SymbolicDim of(long length) {
        return new SymbolicDim(length, 1, NONE, NONE);
    }

    /** The length of axis {@code axis} of operand {@code operand}, known when the tensor runs. */
    public static SymbolicDim ofInput(int operand, int axis) {
        return new SymbolicDim(1, 1, new int[] {operand}, new int[] {axis});
    }

    /** Whether the length is a constant. */
    public boolean isKnown() {
        return axes.length == 0;
    }

    /** Whether the length is known to be 1. */
    public boolean isOne() {
        return isKnown() && value() == 1;
    }

    /** The constant length; only for known lengths. */
    public long value() {
        if (!isKnown()) {
            throw new IllegalStateException("length " + this + " is known only at run time");
        }
        return numerator / denominator;
    }

    /** The constant length, or -1 when it is known only at run time. */
    public long orUnknown() {
        return isKnown() ? value() : -1;
    }

    /** This length times another. */
    public SymbolicDim times(SymbolicDim other) {
        int[] ops = Arrays.copyOf(operands, operands.length + other.operands.length);
        int[] ax = Arrays.copyOf(axes, axes.length + other.axes.length);
        System.arraycopy(other.operands, 0, ops, operands.length, other.operands.length);
        System.arraycopy(other.axes, 0, ax, axes.length, other.axes.length);
        return normalized(Math.multiplyExact(numerator, other.numerator),
                Math.multiplyExact(denominator, other.denominator), ops, ax);
    }

    /** This length divided by a positive constant. */
    public SymbolicDim dividedBy(long divisor) {
        return normalized(numerator, Math.multiplyExact(denominator, divisor), operands, axes);
    }

    private static SymbolicDim normalized(long numerator, long denominator, int[] operands, int[] axes) {
        long g = gcd(Math.abs(numerator), denominator);
        if (g > 1) {
            numerator /= g;
            denominator /= g;
        }
        // a canonical order, so that equal products compare equal
        long[] keys = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            keys[i] = ((long) operands[i] << 32) | axes[i];
        }
        Arrays.sort(keys);
        int[] ops = new int[keys.length];
        int[] ax = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            ops[i] = (int) (keys[i] >>> 32);
            ax[i] = (int) keys[i];
        }
        return new SymbolicDim(numerator, denominator, ops, ax);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a == 0 ? 1 : a;
    }

    /** The lengths as a shape with -1 for lengths known only at run time. */
    public static long[] shapeOf(SymbolicDim[] dims) {
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i].orUnknown();
        }
        return shape;
    }

    /** Whether some length is known only at run time. */
    public static boolean anyUnknown(SymbolicDim[] dims) {
        for (SymbolicDim d : dims) {
            if (!d.isKnown()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolicDim d && numerator == d.numerator && denominator == d.denominator
                && Arrays.equals(operands, d.operands) && Arrays.equals(axes, d.axes);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {numerator, denominator, operands, axes});
    }

    @Override
    public String toString() {
        if (isKnown()) {
            return Long.toString(value());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < axes.length; i++) {
            out.append(i == 0 ? "" : " * ").append('d').append(operands[i]).append('.').append(axes[i]);
        }
        if (numerator != 1) {
            out.append(" * ").append(numerator);
        }
        if (denominator != 1) {
            out.append(" / ").append(denominator);
        }
        return out.toString();
    }
}
