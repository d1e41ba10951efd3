package dev.einops.internal.recipe;

import dev.einops.spi.SymbolicDim;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The first part of compiling an einsum: each operand reduced to what the rest of the computation
 * needs. A label repeated in one operand becomes its diagonal, an axis of length 1 that broadcasts
 * against a longer one is dropped, and labels no other operand and not the output use are summed
 * away, before any matrix product touches them.
 */
final class OperandCleanup {
    private OperandCleanup() {
    }

    /** Cleans every operand of {@code draft}; returns the slots left to contract (all of them). */
    static List<Integer> apply(EinsumDraft draft) {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < draft.slots.size(); i++) {
            takeDiagonals(draft, i);
            squeezeBroadcastAxes(draft, i);
            live.add(i);
        }
        for (int s : live) {
            draft.sumUnneeded(s, draft.needed(live, s, s));
        }
        return live;
    }

    /** A label twice in one operand: move both copies last, merge them and keep every (n+1)-th element. */
    private static void takeDiagonals(EinsumDraft draft, int s) {
        EinsumDraft.Slot slot = draft.slots.get(s);
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
            draft.permute(s, order.stream().mapToInt(Integer::intValue).toArray());
            int rank = slot.labels.size();
            slot.labels.subList(rank - 2, rank).clear();
            slot.lengths.subList(rank - 2, rank).clear();
            slot.labels.add(label);
            slot.lengths.add(SymbolicDim.of(square));
            draft.addReshape(s, slot.shape());
            draft.steps.add(new EinsumStep.StridedSlice(s, square, n + 1));
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
    private static void squeezeBroadcastAxes(EinsumDraft draft, int s) {
        EinsumDraft.Slot slot = draft.slots.get(s);
        boolean changed = false;
        for (int a = slot.labels.size() - 1; a >= 0; a--) {
            if (slot.lengths.get(a).isOne() && !draft.length.get(slot.labels.get(a)).isOne()) {
                slot.labels.remove(a);
                slot.lengths.remove(a);
                changed = true;
            }
        }
        if (changed) {
            draft.addReshape(s, slot.shape());
        }
    }
}
