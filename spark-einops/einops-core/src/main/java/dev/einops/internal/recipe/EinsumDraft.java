package dev.einops.internal.recipe;

import dev.einops.internal.parse.EinsumPattern;
import dev.einops.spi.SymbolicDim;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link EinsumPlan} being built by {@link EinsumCompiler}: what each slot holds, the steps so
 * far, and every label's length. Slots {@code 0..n-1} start as the operands, bound to their
 * labels (the ellipsis expanded, lengths checked to agree or broadcast); each operation records a
 * step and updates the slot it acts on, so the two stay in step.
 */
final class EinsumDraft {
    /** The labels and lengths a slot holds at a point of the plan. */
    static final class Slot {
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

    final List<Slot> slots = new ArrayList<>();
    final List<EinsumStep> steps = new ArrayList<>();
    /** Each label's length: the longest of its lengths, a length of 1 broadcasting against it. */
    final Map<String, SymbolicDim> length = new LinkedHashMap<>();
    /** The output's labels, the ellipsis expanded. */
    final List<String> output;
    private final int operandCount;

    EinsumDraft(EinsumPattern pattern, List<long[]> shapes) {
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
                    + (ellipsisRank == 1 ? " axis but the output has no ellipsis to keep it"
                    : " axes but the output has no ellipsis to keep them"));
        }
        output = expand(pattern.output(), ellipsisRank, ellipsisRank);
        operandCount = shapes.size();
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

    /** The labels the output or any live slot other than {@code a} and {@code b} uses. */
    Set<String> needed(List<Integer> live, int a, int b) {
        Set<String> needed = new HashSet<>(output);
        for (int s : live) {
            if (s != a && s != b) {
                needed.addAll(slots.get(s).labels);
            }
        }
        return needed;
    }

    /** Sums slot {@code s} over its labels not in {@code needed}. */
    void sumUnneeded(int s, Set<String> needed) {
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

    /** The product of the labels' lengths. */
    SymbolicDim product(List<String> labels) {
        SymbolicDim p = SymbolicDim.of(1);
        for (String label : labels) {
            p = Lengths.multiply(p, length.get(label), () -> "Axes " + String.join(" ", labels)
                    + " are merged into one for a matrix product, but the product of their lengths "
                    + labels.stream().map(l -> length.get(l).toString()).toList() + " overflows a 64-bit length");
        }
        return p;
    }

    void addReshape(int slot, SymbolicDim[] shape) {
        steps.add(new EinsumStep.Reshape(slot, SymbolicShape.of(shape)));
    }

    /** Permutes slot {@code s}: its axis {@code i} is then its former axis {@code order[i]}; no step for the identity. */
    void permute(int s, int[] order) {
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

    /** The plan, with {@code last} (the one slot left) summed and permuted to the output. */
    EinsumPlan toPlan(int last) {
        sumUnneeded(last, new HashSet<>(output));
        Slot result = slots.get(last);
        permute(last, output.stream().mapToInt(result.labels::indexOf).toArray());
        long[] outputShape = output.stream().mapToLong(l -> length.get(l).orUnknown()).toArray();
        return new EinsumPlan(operandCount, steps, last, outputShape);
    }
}
