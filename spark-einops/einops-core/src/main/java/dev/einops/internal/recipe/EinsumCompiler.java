package dev.einops.internal.recipe;

import dev.einops.internal.parse.EinsumPattern;
import dev.einops.types.EinopsException;
import java.util.List;

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
 * four-or-more-operand patterns; it does not search all orders. The two parts are separate
 * classes of this package, {@code OperandCleanup} and {@code ContractionOrder}, working on one
 * {@code EinsumDraft} of the plan.
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
        EinsumDraft draft = new EinsumDraft(parsed, shapes);
        List<Integer> live = OperandCleanup.apply(draft);
        return draft.toPlan(ContractionOrder.contractAll(draft, live));
    }
}
