package dev.einops.recipe;

import dev.einops.EinopsException;
import dev.einops.parse.EinsumPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles an einsum pattern for operands of given shapes into an {@link EinsumPlan}.
 *
 * <p>Semantics are numpy's: an ellipsis stands for the same trailing-aligned axes in every
 * operand and broadcasts, a label of length 1 broadcasts against a longer one, a label repeated
 * in one operand takes the diagonal, labels missing on the right are summed.
 *
 * <p>Every contraction is a matrix product. Operands are first reduced to what the rest of the
 * computation needs (diagonals taken, broadcast axes of length 1 dropped, labels no other operand
 * or the output uses summed away). Then, while more than one operand is left, the pair whose
 * product touches the fewest elements — the product of the lengths of all labels of both — is
 * contracted (ties: the smaller result, then the earlier pair). Shared labels still needed later
 * become the batch axis; the others are contracted by one {@code [b, m, k] x [b, k, n]} product,
 * with an operand laid out as the transpose read transposed rather than copied.
 * This greedy order is optimal for chains of two or three operands and good for the usual
 * four-or-more-operand patterns; it does not search all orders.
 *
 * <pre>{@code
 * EinsumCompiler.compile("i j, j k -> i k", List.of(new long[] {512, 512}, new long[] {512, 512}));
 * // matmul 0 1 -> 2
 * }</pre>
 */
public final class EinsumCompiler {
    private EinsumCompiler() {
    }

    /**
     * Compiles {@code pattern} for operands of {@code shapes}.
     *
     * @throws EinopsException when the pattern is invalid or does not fit the shapes
     */
    public static EinsumPlan compile(String pattern, List<long[]> shapes) {
        EinsumPattern parsed = EinsumPattern.parse(pattern);
        if (parsed.operands().size() != shapes.size()) {
            throw new EinopsException("The pattern has " + parsed.operands().size() + " operands but "
                    + shapes.size() + " tensors were given");
        }
        return new Builder(parsed, shapes).build();
    }

    /** The labels and lengths a slot holds at a point of the plan. */
    private static final class Slot {
        final List<String> labels;
        final List<SymbolicDim> lengths;

        Slot(List<String> labels, List<SymbolicDim> lengths) {
            this.labels = new ArrayList<>(labels);
            this.lengths = new ArrayList<>(lengths);
        }

        SymbolicDim[] shape() {
            return lengths.toArray(SymbolicDim[]::new);
        }
    }

    private static final class Builder {
        final List<Slot> slots = new ArrayList<>();
        final List<EinsumStep> steps = new ArrayList<>();
        final Map<String, SymbolicDim> length = new LinkedHashMap<>();
        final List<String> output;

        Builder(EinsumPattern pattern, List<long[]> shapes) {
            int ellipsisRank = 0;
            int[] ownEllipsis = new int[shapes.size()];
            for (int i = 0; i < shapes.size(); i++) {
                List<String> labels = pattern.operands().get(i);
                boolean hasEllipsis = labels.contains(EinsumPattern.ELLIPSIS);
                int named = labels.size() - (hasEllipsis ? 1 : 0);
                int rank = shapes.get(i).length;
                if (hasEllipsis ? rank < named : rank != named) {
                    throw new EinopsException("Operand " + i + " has shape " + Arrays.toString(shapes.get(i))
                            + " but its part of the pattern names " + named + " axes"
                            + (hasEllipsis ? " besides the ellipsis" : ""));
                }
                ownEllipsis[i] = hasEllipsis ? rank - named : 0;
                ellipsisRank = Math.max(ellipsisRank, ownEllipsis[i]);
            }
            for (int i = 0; i < shapes.size(); i++) {
                List<String> labels = expand(pattern.operands().get(i), ellipsisRank, ownEllipsis[i]);
                List<SymbolicDim> lengths = new ArrayList<>();
                for (int a = 0; a < shapes.get(i).length; a++) {
                    long n = shapes.get(i)[a];
                    lengths.add(n >= 0 ? SymbolicDim.of(n) : SymbolicDim.ofInput(i, a));
                }
                slots.add(new Slot(labels, lengths));
                recordLengths(i, labels, lengths);
            }
            if (!pattern.output().contains(EinsumPattern.ELLIPSIS) && ellipsisRank > 0) {
                throw new EinopsException("The ellipsis stands for " + ellipsisRank
                        + " axes but the output has no ellipsis to keep them");
            }
            output = expand(pattern.output(), ellipsisRank, ellipsisRank);
        }

        private static List<String> expand(List<String> labels, int ellipsisRank, int own) {
            List<String> out = new ArrayList<>();
            for (String label : labels) {
                if (label.equals(EinsumPattern.ELLIPSIS)) {
                    for (int k = ellipsisRank - own; k < ellipsisRank; k++) {
                        out.add("..." + k);
                    }
                } else {
                    out.add(label);
                }
            }
            return out;
        }

        /**
         * Records each label's length, checking that lengths agree or are 1 (which broadcasts). A
         * length known only at run time is taken to agree; a known one is preferred to it.
         */
        private void recordLengths(int operand, List<String> labels, List<SymbolicDim> lengths) {
            Map<String, SymbolicDim> own = new LinkedHashMap<>();
            for (int a = 0; a < labels.size(); a++) {
                String label = labels.get(a);
                SymbolicDim n = lengths.get(a);
                SymbolicDim previous = own.putIfAbsent(label, n);
                if (previous != null && previous.isKnown() && n.isKnown() && !previous.equals(n)) {
                    throw new EinopsException("Operand " + operand + " repeats axis " + label
                            + " with different lengths (" + previous + " != " + n + ")");
                }
                SymbolicDim global = length.get(label);
                if (global == null || global.isOne() || (!global.isKnown() && n.isKnown() && !n.isOne())) {
                    length.put(label, n);
                } else if (global.isKnown() && n.isKnown() && !n.isOne() && !n.equals(global)) {
                    throw new EinopsException("Axis " + label + " has length " + global
                            + " in one operand and " + n + " in operand " + operand
                            + "; only a length of 1 broadcasts");
                }
            }
        }

        EinsumPlan build() {
            int operands = slots.size();
            for (int i = 0; i < operands; i++) {
                takeDiagonals(i);
                squeezeBroadcastAxes(i);
            }
            List<Integer> live = new ArrayList<>();
            for (int i = 0; i < operands; i++) {
                live.add(i);
            }
            for (int i = 0; i < operands; i++) {
                sumUnneeded(i, needed(live, i, i));
            }
            while (live.size() > 1) {
                contractCheapestPair(live);
            }
            int last = live.get(0);
            sumUnneeded(last, new HashSet<>(output));
            Slot result = slots.get(last);
            int[] order = output.stream().mapToInt(result.labels::indexOf).toArray();
            permute(last, order);
            long[] outputShape = output.stream().mapToLong(l -> length.get(l).orUnknown()).toArray();
            return new EinsumPlan(operands, steps, last, outputShape);
        }

        /** The labels the output or any live slot other than {@code a} and {@code b} uses. */
        private Set<String> needed(List<Integer> live, int a, int b) {
            Set<String> needed = new HashSet<>(output);
            for (int s : live) {
                if (s != a && s != b) {
                    needed.addAll(slots.get(s).labels);
                }
            }
            return needed;
        }

        /** A label twice in one operand: move both copies last, merge them and keep every (n+1)-th element. */
        private void takeDiagonals(int s) {
            Slot slot = slots.get(s);
            for (int q = findRepeat(slot.labels); q >= 0; q = findRepeat(slot.labels)) {
                String label = slot.labels.get(q);
                int p = slot.labels.indexOf(label);
                if (!slot.lengths.get(p).isKnown()) {
                    throw new EinopsException("Axis " + label + " repeats in operand " + s
                            + " but its length is known only at run time; a diagonal needs a known length");
                }
                long n = slot.lengths.get(p).value();
                long square = Lengths.multiply(n, n, () -> "Axis " + label + " repeats in operand " + s
                        + " with length " + n + ", whose square, the elements the diagonal is taken from,"
                        + " overflows a 64-bit length");
                List<Integer> order = new ArrayList<>();
                for (int a = 0; a < slot.labels.size(); a++) {
                    if (a != p && a != q) {
                        order.add(a);
                    }
                }
                order.add(p);
                order.add(q);
                permute(s, order.stream().mapToInt(Integer::intValue).toArray());
                int rank = slot.labels.size();
                slot.labels.subList(rank - 2, rank).clear();
                slot.lengths.subList(rank - 2, rank).clear();
                slot.labels.add(label);
                slot.lengths.add(SymbolicDim.of(square));
                addReshape(s, slot.shape());
                steps.add(new EinsumStep.StridedSlice(s, square, n + 1));
                slot.lengths.set(slot.lengths.size() - 1, SymbolicDim.of(n));
            }
        }

        private static int findRepeat(List<String> labels) {
            Set<String> seen = new HashSet<>();
            for (int a = 0; a < labels.size(); a++) {
                if (!seen.add(labels.get(a))) {
                    return a;
                }
            }
            return -1;
        }

        /** An axis of length 1 against a longer one elsewhere: the operand does not vary along it. */
        private void squeezeBroadcastAxes(int s) {
            Slot slot = slots.get(s);
            boolean changed = false;
            for (int a = slot.labels.size() - 1; a >= 0; a--) {
                if (slot.lengths.get(a).isOne() && !length.get(slot.labels.get(a)).isOne()) {
                    slot.labels.remove(a);
                    slot.lengths.remove(a);
                    changed = true;
                }
            }
            if (changed) {
                addReshape(s, slot.shape());
            }
        }

        private void sumUnneeded(int s, Set<String> needed) {
            Slot slot = slots.get(s);
            List<Integer> axes = new ArrayList<>();
            for (int a = 0; a < slot.labels.size(); a++) {
                if (!needed.contains(slot.labels.get(a))) {
                    axes.add(a);
                }
            }
            if (axes.isEmpty()) {
                return;
            }
            steps.add(new EinsumStep.Sum(s, AxisIndices.of(axes.stream().mapToInt(Integer::intValue).toArray())));
            for (int k = axes.size() - 1; k >= 0; k--) {
                slot.labels.remove((int) axes.get(k));
                slot.lengths.remove((int) axes.get(k));
            }
        }

        private void contractCheapestPair(List<Integer> live) {
            int bestA = -1;
            int bestB = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            double bestSize = Double.POSITIVE_INFINITY;
            for (int i = 0; i < live.size(); i++) {
                for (int j = i + 1; j < live.size(); j++) {
                    Set<String> union = new HashSet<>(slots.get(live.get(i)).labels);
                    union.addAll(slots.get(live.get(j)).labels);
                    double cost = product(union);
                    Set<String> kept = new HashSet<>(union);
                    kept.retainAll(needed(live, live.get(i), live.get(j)));
                    double size = product(kept);
                    if (cost < bestCost || (cost == bestCost && size < bestSize)) {
                        bestCost = cost;
                        bestSize = size;
                        bestA = live.get(i);
                        bestB = live.get(j);
                    }
                }
            }
            contract(live, bestA, bestB);
        }

        /** An estimate for choosing the order: a length known only at run time counts as 1024. */
        private double product(Set<String> labels) {
            double p = 1;
            for (String label : labels) {
                SymbolicDim n = length.get(label);
                p *= n.isKnown() ? n.value() : 1024;
            }
            return p;
        }

        private void contract(List<Integer> live, int a, int b) {
            Set<String> needed = needed(live, a, b);
            Slot left = slots.get(a);
            Slot right = slots.get(b);
            Set<String> keepA = new HashSet<>(needed);
            keepA.addAll(right.labels);
            sumUnneeded(a, keepA);
            Set<String> keepB = new HashSet<>(needed);
            keepB.addAll(left.labels);
            sumUnneeded(b, keepB);

            List<String> batch = new ArrayList<>();
            List<String> contracted = new ArrayList<>();
            List<String> leftOnly = new ArrayList<>();
            for (String label : left.labels) {
                if (right.labels.contains(label)) {
                    (needed.contains(label) ? batch : contracted).add(label);
                } else {
                    leftOnly.add(label);
                }
            }
            List<String> rightOnly = right.labels.stream().filter(l -> !left.labels.contains(l)).toList();

            boolean transposeLeft = arrange(a, batch, leftOnly, contracted);
            boolean transposeRight = arrange(b, batch, contracted, rightOnly);
            int result = slots.size();
            steps.add(new EinsumStep.MatMul(a, b, result, transposeLeft, transposeRight));
            List<String> labels = concat(batch, leftOnly, rightOnly);
            List<SymbolicDim> lengths = labels.stream().map(length::get).toList();
            SymbolicDim[] product = batch.isEmpty()
                    ? new SymbolicDim[] {product(leftOnly), product(rightOnly)}
                    : new SymbolicDim[] {product(batch), product(leftOnly), product(rightOnly)};
            slots.add(new Slot(labels, lengths));
            if (!Arrays.equals(product, slots.get(result).shape())) {
                addReshape(result, slots.get(result).shape());
            }
            live.remove(Integer.valueOf(a));
            live.remove(Integer.valueOf(b));
            live.add(result);
        }

        /**
         * Lays slot {@code s} out as a (batched) matrix {@code [batch, rows, columns]} and returns
         * false, or, when it already is laid out as the transpose {@code [batch, columns, rows]},
         * views it so and returns true: the matrix product reads it transposed, with no copy.
         */
        private boolean arrange(int s, List<String> batch, List<String> rows, List<String> columns) {
            Slot slot = slots.get(s);
            boolean transposed = !rows.isEmpty() && !columns.isEmpty()
                    && slot.labels.equals(concat(batch, columns, rows));
            List<String> first = transposed ? columns : rows;
            List<String> second = transposed ? rows : columns;
            permute(s, concat(batch, first, second).stream().mapToInt(slot.labels::indexOf).toArray());
            SymbolicDim[] matrix = batch.isEmpty()
                    ? new SymbolicDim[] {product(first), product(second)}
                    : new SymbolicDim[] {product(batch), product(first), product(second)};
            if (!Arrays.equals(matrix, slot.shape())) {
                addReshape(s, matrix);
            }
            return transposed;
        }

        private SymbolicDim product(List<String> labels) {
            SymbolicDim p = SymbolicDim.of(1);
            for (String label : labels) {
                p = Lengths.multiply(p, length.get(label), () -> "Axes " + String.join(" ", labels)
                        + " are merged into one for a matrix product, but the product of their lengths "
                        + labels.stream().map(l -> length.get(l).toString()).toList() + " overflows a 64-bit length");
            }
            return p;
        }

        private void addReshape(int slot, SymbolicDim[] shape) {
            steps.add(new EinsumStep.Reshape(slot, SymbolicShape.of(shape)));
        }

        private void permute(int s, int[] order) {
            Slot slot = slots.get(s);
            boolean identity = true;
            for (int i = 0; i < order.length; i++) {
                identity &= order[i] == i;
            }
            if (identity) {
                return;
            }
            steps.add(new EinsumStep.Permute(s, AxisIndices.of(order)));
            List<String> labels = new ArrayList<>();
            List<SymbolicDim> lengths = new ArrayList<>();
            for (int i : order) {
                labels.add(slot.labels.get(i));
                lengths.add(slot.lengths.get(i));
            }
            slot.labels.clear();
            slot.labels.addAll(labels);
            slot.lengths.clear();
            slot.lengths.addAll(lengths);
        }

        @SafeVarargs
        private static List<String> concat(List<String>... parts) {
            List<String> out = new ArrayList<>();
            for (List<String> part : parts) {
                out.addAll(part);
            }
            return out;
        }
    }
}
