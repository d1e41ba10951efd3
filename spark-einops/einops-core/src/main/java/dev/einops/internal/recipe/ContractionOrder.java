package dev.einops.internal.recipe;

import dev.einops.spi.SymbolicDim;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The second part of compiling an einsum: the operands left after {@link OperandCleanup},
 * contracted two at a time, cheapest pair first, each pair by one (batched) matrix product.
 * See {@link EinsumCompiler} for the order and its guarantees.
 */
final class ContractionOrder {
    private final EinsumDraft draft;

    private ContractionOrder(EinsumDraft draft) {
        this.draft = draft;
    }

    /** Contracts the {@code live} slots of {@code draft} until one is left; returns it. */
    static int contractAll(EinsumDraft draft, List<Integer> live) {
        ContractionOrder order = new ContractionOrder(draft);
        while (live.size() > 1) {
            order.contractCheapestPair(live);
        }
        return live.get(0);
    }

    private void contractCheapestPair(List<Integer> live) {
        int bestA = -1;
        int bestB = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        double bestSize = Double.POSITIVE_INFINITY;
        for (int i = 0; i < live.size(); i++) {
            for (int j = i + 1; j < live.size(); j++) {
                Set<String> union = new HashSet<>(draft.slots.get(live.get(i)).labels);
                union.addAll(draft.slots.get(live.get(j)).labels);
                double cost = cost(union);
                Set<String> kept = new HashSet<>(union);
                kept.retainAll(draft.needed(live, live.get(i), live.get(j)));
                double size = cost(kept);
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
    private double cost(Set<String> labels) {
        double p = 1;
        for (String label : labels) {
            SymbolicDim n = draft.length.get(label);
            p *= n.isKnown() ? n.value() : 1024;
        }
        return p;
    }

    private void contract(List<Integer> live, int a, int b) {
        Set<String> needed = draft.needed(live, a, b);
        EinsumDraft.Slot left = draft.slots.get(a);
        EinsumDraft.Slot right = draft.slots.get(b);
        Set<String> keepA = new HashSet<>(needed);
        keepA.addAll(right.labels);
        draft.sumUnneeded(a, keepA);
        Set<String> keepB = new HashSet<>(needed);
        keepB.addAll(left.labels);
        draft.sumUnneeded(b, keepB);

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
        int result = draft.slots.size();
        draft.steps.add(new EinsumStep.MatMul(a, b, result, transposeLeft, transposeRight));
        List<String> labels = concat(batch, leftOnly, rightOnly);
        List<SymbolicDim> lengths = labels.stream().map(draft.length::get).toList();
        SymbolicDim[] product = batch.isEmpty()
                ? new SymbolicDim[] {draft.product(leftOnly), draft.product(rightOnly)}
                : new SymbolicDim[] {draft.product(batch), draft.product(leftOnly), draft.product(rightOnly)};
        draft.slots.add(new EinsumDraft.Slot(labels, lengths));
        if (!Arrays.equals(product, draft.slots.get(result).shape())) {
            draft.addReshape(result, draft.slots.get(result).shape());
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
        EinsumDraft.Slot slot = draft.slots.get(s);
        boolean transposed = !rows.isEmpty() && !columns.isEmpty()
                && slot.labels.equals(concat(batch, columns, rows));
        List<String> first = transposed ? columns : rows;
        List<String> second = transposed ? rows : columns;
        draft.permute(s, concat(batch, first, second).stream().mapToInt(slot.labels::indexOf).toArray());
        SymbolicDim[] matrix = batch.isEmpty()
                ? new SymbolicDim[] {draft.product(first), draft.product(second)}
                : new SymbolicDim[] {draft.product(batch), draft.product(first), draft.product(second)};
        if (!Arrays.equals(matrix, slot.shape())) {
            draft.addReshape(s, matrix);
        }
        return transposed;
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
