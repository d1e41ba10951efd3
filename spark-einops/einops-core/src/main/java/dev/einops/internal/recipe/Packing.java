package dev.einops.internal.recipe;

import dev.einops.internal.parse.PackPattern;
import dev.einops.spi.SymbolicDim;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The shape arithmetic of pack and unpack, with the reference's rules and errors (and two
 * stricter ones: an inferred {@code -1} length must not come out negative, and an empty list of
 * packed shapes only fits an empty axis).
 *
 * <p>Shapes may hold {@code -1} for lengths known only when a graph runs (a SameDiff placeholder's
 * batch axis). Such lengths stay {@code -1} in packed shapes, and every reshape is also given as
 * {@link SymbolicDim}s over the axes of the tensor it reshapes (operand 0), so a backend can
 * compute it inside the graph. Unpacking needs the packed axis' length when it is planned.
 *
 * <pre>{@code
 * PackPattern p = PackPattern.parse("i j * k", "unpack");
 * Packing.unpack(p, new long[] {2, 3, 71, 5}, List.of(new long[0], new long[] {7}, new long[] {7, 9}))
 *        .outputShape(2);   // [2, 3, 7, 9, 5] (and [2, 3, 5], [2, 3, 7, 5] for 0 and 1)
 * }</pre>
 */
public final class Packing {
    private Packing() {
    }

    /**
     * How to pack: each tensor reshaped so that its {@code *} axes become one, then all joined
     * along that axis. Immutable; equal to a layout of the same values.
     *
     * @param axis         the packed axis
     * @param reshapes     per tensor, the shape with its {@code *} axes merged, over that tensor's axes
     * @param packedShapes per tensor, the lengths of its {@code *} axes ({@code -1} where unknown)
     */
    public record PackLayout(int axis, List<SymbolicShape> reshapes, List<long[]> packedShapes) {
        public PackLayout {
            reshapes = List.copyOf(reshapes);
            packedShapes = copy(packedShapes);
        }

        @Override
        public List<long[]> packedShapes() {
            return copy(packedShapes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PackLayout p && axis == p.axis && reshapes.equals(p.reshapes)
                    && Arrays.deepEquals(packedShapes.toArray(), p.packedShapes.toArray());
        }

        @Override
        public int hashCode() {
            return Objects.hash(axis, reshapes, Arrays.deepHashCode(packedShapes.toArray()));
        }

        @Override
        public String toString() {
            return "pack along axis " + axis + ": reshapes " + reshapes + ", packed shapes "
                    + Arrays.deepToString(packedShapes.toArray());
        }
    }

    /**
     * How to unpack: the range of the packed axis each output takes, and its shape. Immutable;
     * equal to a layout of the same values.
     *
     * @param axis         the packed axis
     * @param starts       per output, the first index along it
     * @param ends         per output, one past the last index
     * @param outputShapes per output, its shape, over the axes of its slice of the packed tensor
     */
    public record UnpackLayout(int axis, long[] starts, long[] ends, List<SymbolicShape> outputShapes) {
        public UnpackLayout {
            starts = starts.clone();
            ends = ends.clone();
            outputShapes = List.copyOf(outputShapes);
        }

        @Override
        public long[] starts() {
            return starts.clone();
        }

        @Override
        public long[] ends() {
            return ends.clone();
        }

        /** Output i's shape, with -1 for lengths known only at run time. */
        public long[] outputShape(int i) {
            return outputShapes.get(i).lengths();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnpackLayout u && axis == u.axis && Arrays.equals(starts, u.starts)
                    && Arrays.equals(ends, u.ends) && outputShapes.equals(u.outputShapes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(axis, Arrays.hashCode(starts), Arrays.hashCode(ends), outputShapes);
        }

        @Override
        public String toString() {
            return "unpack along axis " + axis + ": starts " + Arrays.toString(starts) + ", ends "
                    + Arrays.toString(ends) + ", shapes " + outputShapes;
        }
    }

    /** A deep, unmodifiable copy. */
    private static List<long[]> copy(List<long[]> shapes) {
        return shapes.stream().map(long[]::clone).toList();
    }

    /**
     * Plans {@code pack} for tensors of {@code shapes}.
     *
     * @throws EinopsException when there is no tensor, a tensor has too few axes, or the axes other
     *                         than the packed one differ
     */
    public static PackLayout pack(PackPattern pattern, List<long[]> shapes) {
        if (shapes.isEmpty()) {
            throw new EinopsException("pack needs at least one tensor");
        }
        List<SymbolicShape> reshapes = new ArrayList<>();
        List<long[]> packed = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            long[] shape = shapes.get(i);
            if (shape.length < pattern.minRank()) {
                throw new EinopsException("packed tensor #" + i + " (enumeration starts with 0) has shape "
                        + Arrays.toString(shape) + ", while pattern " + pattern.text() + " assumes at least "
                        + pattern.minRank() + " axes");
            }
            int end = shape.length - pattern.axesAfter();
            long[] star = Arrays.copyOfRange(shape, pattern.axesBefore(), end);
            SymbolicDim[] reshape = new SymbolicDim[pattern.minRank() + 1];
            SymbolicDim merged = SymbolicDim.of(1);
            int tensor = i;
            for (int k = 0; k < shape.length; k++) {
                SymbolicDim length = lengthOf(shape, k);
                if (k < pattern.axesBefore()) {
                    reshape[k] = length;
                } else if (k < end) {
                    merged = Lengths.multiply(merged, length, () -> "packed tensor #" + tensor + " has shape "
                            + Arrays.toString(shape) + ", whose axes packed by * have more than 2^63 - 1 elements");
                } else {
                    reshape[k - end + pattern.axesBefore() + 1] = length;
                }
            }
            reshape[pattern.axesBefore()] = merged;
            packed.add(star);
            reshapes.add(SymbolicShape.of(reshape));
        }
        int axis = pattern.axesBefore();
        for (int i = 1; i < reshapes.size(); i++) {
            long[] first = reshapes.get(0).lengths();
            long[] other = reshapes.get(i).lengths();
            int k = firstDifferenceExcept(first, other, axis);
            if (k >= 0) {
                throw new EinopsException("All axes except the packed one must match, but axis "
                        + pattern.text().strip().split("\\s+")[k] + " has length " + first[k] + " in tensor 0 (shape "
                        + Arrays.toString(shapes.get(0)) + ") and " + other[k] + " in tensor " + i + " (shape "
                        + Arrays.toString(shapes.get(i)) + ")");
            }
        }
        return new PackLayout(axis, reshapes, packed);
    }

    /** Axis k's length: a constant, or (for -1) that axis of the tensor being reshaped, operand 0. */
    private static SymbolicDim lengthOf(long[] shape, int k) {
        return shape[k] < 0 ? SymbolicDim.ofInput(0, k) : SymbolicDim.of(shape[k]);
    }

    /** The first axis other than {@code axis} where the shapes disagree, or -1; a length known only at run time agrees with any. */
    private static int firstDifferenceExcept(long[] a, long[] b, int axis) {
        for (int k = 0; k < a.length; k++) {
            if (k != axis && a[k] != b[k] && a[k] >= 0 && b[k] >= 0) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Plans {@code unpack} of a tensor of {@code shape} into pieces of {@code packedShapes}, one of
     * which may contain one {@code -1} to infer.
     *
     * @throws EinopsException when the rank is wrong or the pieces do not split the packed axis
     */
    public static UnpackLayout unpack(PackPattern pattern, long[] shape, List<long[]> packedShapes) {
        if (shape.length != pattern.minRank() + 1) {
            throw new EinopsException("unpack(..., " + pattern.text() + ") received input of wrong dim with shape "
                    + Arrays.toString(shape));
        }
        int axis = pattern.axesBefore();
        long total = shape[axis];
        if (total < 0) {
            throw new EinopsException("unpack(..., " + pattern.text() + ") needs the length of the packed axis " + axis
                    + " when it is planned, but the input's shape " + Arrays.toString(shape)
                    + " leaves it to run time");
        }
        String request = packedShapes.stream().map(Arrays::toString).collect(Collectors.joining(", ", "[", "]"));
        String cannot = "Error during unpack(..., \"" + pattern.text() + "\"): could not split axis of size " + total
                + " into requested " + request;
        int unknown = -1;
        long known = 0;
        long[] lengths = new long[packedShapes.size()];
        for (int i = 0; i < packedShapes.size(); i++) {
            long product = 1;
            int minusOnes = 0;
            for (long d : packedShapes.get(i)) {
                if (d == -1) {
                    minusOnes++;
                } else if (d < 0) {
                    throw new EinopsException(cannot + ": negative length " + d);
                } else {
                    long[] packed = packedShapes.get(i);
                    product = Lengths.multiply(product, d, () -> cannot + ": packed shape "
                            + Arrays.toString(packed) + " has more than 2^63 - 1 elements");
                }
            }
            if (minusOnes > 1 || (minusOnes == 1 && unknown >= 0)) {
                throw new EinopsException("unpack(..., " + pattern.text() + ") received more than one -1 in "
                        + request + " and can't infer dimensions");
            }
            if (minusOnes == 1) {
                unknown = i;
            } else {
                known = Lengths.add(known, product, () -> cannot + ": together they have more than 2^63 - 1 elements");
            }
            lengths[i] = product;
        }
        List<long[]> resolved = new ArrayList<>(packedShapes.stream().map(long[]::clone).toList());
        if (unknown >= 0) {
            long rest = total - known;
            long product = lengths[unknown];
            if (rest < 0 || product == 0 || rest % product != 0) {
                throw new EinopsException(cannot);
            }
            long[] ps = resolved.get(unknown);
            for (int k = 0; k < ps.length; k++) {
                if (ps[k] == -1) {
                    ps[k] = rest / product;
                }
            }
            lengths[unknown] = rest;
        } else if (known != total) {
            throw new EinopsException(cannot);
        }
        long[] starts = new long[lengths.length];
        long[] ends = new long[lengths.length];
        long position = 0;
        List<SymbolicShape> outputs = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            starts[i] = position;
            position += lengths[i];
            ends[i] = position;
            long[] ps = resolved.get(i);
            SymbolicDim[] out = new SymbolicDim[pattern.minRank() + ps.length];
            for (int k = 0; k < shape.length; k++) {
                SymbolicDim length = lengthOf(shape, k);
                if (k < axis) {
                    out[k] = length;
                } else if (k > axis) {
                    out[k - 1 + ps.length] = length;
                }
            }
            for (int k = 0; k < ps.length; k++) {
                out[axis + k] = SymbolicDim.of(ps[k]);
            }
            outputs.add(SymbolicShape.of(out));
        }
        return new UnpackLayout(axis, starts, ends, outputs);
    }
}
