package dev.einops.internal.recipe;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A pattern compiled for one operation, one set of axis-length names and one input rank: plain data
 * about elementary axes, from which {@link ShapeSolver} and {@link PlanBuilder} make a concrete
 * {@link ExecutionPlan} for each input shape.
 *
 * <p>Elementary axes are numbered: first those of the input side in order (the ellipsis expanded),
 * then the axes that only the output side has (repeat). The recipe records, per elementary axis,
 * its length when the pattern fixes it ({@link #UNKNOWN} when the input decides it, {@link #GIVEN}
 * when an axis-length argument does).
 *
 * <pre>{@code
 * TransformRecipe r = RecipeCompiler.compile(Operation.REDUCE, "b (h 2) -> h", List.of(), 2);
 * r.inputAxisCount();     // 3: b, h and the 2
 * r.reduced();            // [true, false, true]
 * r.outputOrder();        // [1]
 * }</pre>
 *
 * <p>Immutable: arrays are copied in and out, and recipes of equal contents are equal.
 *
 * @param operation         what the pattern is used for
 * @param pattern           the pattern as given
 * @param inputRank         the input rank the recipe was compiled for
 * @param axisNames         display names of the elementary axes, for messages
 * @param knownLengths      per elementary axis: a fixed length, {@link #UNKNOWN} or {@link #GIVEN}
 * @param givenAxes         per axis-length argument, in call order: its elementary axis
 * @param inputGroups       per input axis: which elementary axes compose it
 * @param inputAxisCount    the number of elementary axes of the input side
 * @param reduced           per input elementary axis: whether it is reduced
 * @param outputOrder       the elementary axes of the output side, flattened, in order
 * @param outputGroupSizes  per output axis: how many consecutive entries of outputOrder compose it
 */
public record TransformRecipe(Operation operation, String pattern, int inputRank, List<String> axisNames,
                              long[] knownLengths, int[] givenAxes, List<InputGroup> inputGroups,
                              int inputAxisCount, boolean[] reduced, int[] outputOrder,
                              int[] outputGroupSizes) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The length of this elementary axis is read from the input shape. */
    public static final long UNKNOWN = -1;
    /** The length of this elementary axis comes from an axis-length argument. */
    public static final long GIVEN = -2;

    public TransformRecipe {
        axisNames = List.copyOf(axisNames);
        knownLengths = knownLengths.clone();
        givenAxes = givenAxes.clone();
        inputGroups = List.copyOf(inputGroups);
        reduced = reduced.clone();
        outputOrder = outputOrder.clone();
        outputGroupSizes = outputGroupSizes.clone();
    }

    /** Whether the operation reduces at least one elementary axis. */
    public boolean reducesAxes() {
        for (boolean r : reduced) {
            if (r) {
                return true;
            }
        }
        return false;
    }

    /** The number of elementary axes, input and new ones together. */
    public int elementaryAxisCount() {
        return knownLengths.length;
    }

    @Override
    public long[] knownLengths() {
        return knownLengths.clone();
    }

    @Override
    public int[] givenAxes() {
        return givenAxes.clone();
    }

    @Override
    public boolean[] reduced() {
        return reduced.clone();
    }

    @Override
    public int[] outputOrder() {
        return outputOrder.clone();
    }

    @Override
    public int[] outputGroupSizes() {
        return outputGroupSizes.clone();
    }

    private Object[] components() {
        return new Object[] {operation, pattern, inputRank, axisNames, knownLengths, givenAxes, inputGroups,
                inputAxisCount, reduced, outputOrder, outputGroupSizes};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformRecipe r && Arrays.deepEquals(components(), r.components());
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(components());
    }

    @Override
    public String toString() {
        return "TransformRecipe" + Arrays.deepToString(components());
    }

    // Package-private zero-copy views for the solver and the plan builder.
    long knownLength(int axis) {
        return knownLengths[axis];
    }

    int givenAxis(int i) {
        return givenAxes[i];
    }

    boolean isReduced(int axis) {
        return reduced[axis];
    }

    int outputAxisAt(int i) {
        return outputOrder[i];
    }

    int outputGroupSize(int group) {
        return outputGroupSizes[group];
    }

    int outputRank() {
        return outputGroupSizes.length;
    }

    int outputElementaryCount() {
        return outputOrder.length;
    }

    /**
     * The elementary axes composing one input axis, split into those whose length is known before
     * the input is seen and the one (at most) to infer from it.
     *
     * @param text    the group as written, for messages, e.g. {@code (h h1)}
     * @param known   elementary axes of known length
     * @param unknown the elementary axis to infer, or -1
     */
    public record InputGroup(String text, int[] known, int unknown) implements Serializable {
        private static final long serialVersionUID = 1L;

        public InputGroup {
            known = known.clone();
        }

        @Override
        public int[] known() {
            return known.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InputGroup g && text.equals(g.text) && Arrays.equals(known, g.known)
                    && unknown == g.unknown;
        }

        @Override
        public int hashCode() {
            return Objects.hash(text, Arrays.hashCode(known), unknown);
        }

        @Override
        public String toString() {
            return text + " known " + Arrays.toString(known) + " unknown " + unknown;
        }

        int knownCount() {
            return known.length;
        }

        int knownAt(int i) {
            return known[i];
        }
    }
}
