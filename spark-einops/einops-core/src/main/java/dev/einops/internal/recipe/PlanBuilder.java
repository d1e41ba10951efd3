package dev.einops.internal.recipe;

import dev.einops.spi.SymbolicDim;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Makes the {@link ExecutionPlan} for a recipe whose elementary lengths are solved.
 *
 * <p>Two candidate plans are built. The literal one keeps every elementary axis of the pattern,
 * as the reference does. The simplified one drops kept axes of length 1 and merges axes that travel
 * together: neighbours in the input that are both reduced, or both kept and still neighbours, in
 * the same order, in the output. Lower rank makes permuting copies and reductions faster, so the
 * simplified plan is chosen whenever it needs no more steps than the literal one, or when the
 * literal plan moves data (reduces, repeats, or copies a permuted tensor into a new shape) and the
 * tensor is large enough ({@value #LARGE_TENSOR} elements) that an extra reshape of a view costs
 * nothing next to the copy it speeds up. Plans that only return views keep the fewest steps.
 *
 * <p>Either way the first reshape is made only for a reduction or a permutation to act on: a
 * plan that only splits or merges axes reshapes once, and {@code expand} shapes its input itself.
 *
 * <pre>{@code
 * TransformRecipe recipe = RecipeCompiler.compile(Operation.REARRANGE,
 *         "b (g1 g2 c) h w -> b (g2 g1 c) h w", List.of("g1", "g2"), 4);
 * long[] shape = {10, 32, 100, 200};
 * SymbolicDim[] lengths = ShapeSolver.solve(recipe, shape, new long[] {2, 4});
 * // c, h and w travel together: the permutation is of rank 4, not 6
 * PlanBuilder.build(recipe, lengths, shape).toString();
 * // reshape [10, 2, 4, 80000] -> permute [0, 2, 1, 3] -> reshape [10, 32, 100, 200]
 * }</pre>
 */
public final class PlanBuilder {
    /** Tensors with at least this many elements always get the simplified plan. */
    public static final long LARGE_TENSOR = 1L << 16;

    private PlanBuilder() {
    }

    /**
     * The plan for {@code inputShape} (-1 for lengths known only at run time), given the solved
     * lengths of all elementary axes.
     */
    public static ExecutionPlan build(TransformRecipe recipe, SymbolicDim[] lengths, long[] inputShape) {
        return build(recipe, lengths, inputShape, false);
    }

    /**
     * The plan, as {@link #build(TransformRecipe, SymbolicDim[], long[])} chooses it, or when
     * {@code fewestSteps} the one with the fewest steps (for a backend whose every step copies:
     * {@code b c h w -> b c} mean is then one reduction, not a reshape, a reduction and a reshape).
     */
    public static ExecutionPlan build(TransformRecipe recipe, SymbolicDim[] lengths, long[] inputShape,
                                      boolean fewestSteps) {
        ExecutionPlan simplified = new Draft(recipe, lengths, true).toPlan(inputShape);
        ExecutionPlan literal = new Draft(recipe, lengths, false).toPlan(inputShape);
        if (simplified.steps().size() <= literal.steps().size()) {
            return simplified;
        }
        return !fewestSteps && elementCount(inputShape) >= LARGE_TENSOR && movesData(literal) ? simplified : literal;
    }

    /** Whether the plan reduces, repeats, or copies a permuted tensor into a new shape. */
    private static boolean movesData(ExecutionPlan plan) {
        boolean permuted = false;
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Reduce || step instanceof PlanStep.Expand
                    || (permuted && step instanceof PlanStep.Reshape)) {
                return true;
            }
            permuted |= step instanceof PlanStep.Permute;
        }
        return false;
    }

    /** The number of elements; unknown lengths count as large. */
    private static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return Long.MAX_VALUE;
            }
            n *= d;
        }
        return n;
    }

    /** A run of consecutive input elementary axes handled as one axis. */
    private static final class Run {
        final int first;
        int last;
        SymbolicDim length;
        final boolean reduced;

        Run(int axis, SymbolicDim length, boolean reduced) {
            this.first = axis;
            this.last = axis;
            this.length = length;
            this.reduced = reduced;
        }
    }

    /** One axis of the tensor after the expand step: a kept run, or new axes repeated together. */
    private record Block(Run run, SymbolicDim newLength) {
        SymbolicDim length() {
            return run != null ? run.length : newLength;
        }
    }

    private static final class Draft {
        final TransformRecipe recipe;
        final SymbolicDim[] lengths;
        final boolean simplify;
        final List<Run> runs = new ArrayList<>();
        final List<Block> blocks = new ArrayList<>();

        Draft(TransformRecipe recipe, SymbolicDim[] lengths, boolean simplify) {
            this.recipe = recipe;
            this.lengths = lengths;
            this.simplify = simplify;
            int n = recipe.inputAxisCount();
            int[] outputPosition = new int[recipe.elementaryAxisCount()];
            Arrays.fill(outputPosition, -1);
            List<Integer> outputAxes = new ArrayList<>();
            for (int i = 0; i < recipe.outputElementaryCount(); i++) {
                int axis = recipe.outputAxisAt(i);
                if (!dropped(axis)) {
                    outputPosition[axis] = outputAxes.size();
                    outputAxes.add(axis);
                }
            }
            Run[] runOf = new Run[n];
            for (int axis = 0; axis < n; axis++) {
                if (dropped(axis)) {
                    continue;
                }
                boolean reduced = recipe.isReduced(axis);
                Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                boolean joins = simplify && last != null && last.reduced == reduced
                        && (reduced || outputPosition[axis] == outputPosition[last.last] + 1);
                if (joins) {
                    last.last = axis;
                    last.length = ShapeSolver.multiply(last.length, lengths[axis], recipe);
                } else {
                    last = new Run(axis, lengths[axis], reduced);
                    runs.add(last);
                }
                runOf[axis] = last;
            }
            for (int axis : outputAxes) {
                if (axis < n) {
                    if (runOf[axis].first == axis) {
                        blocks.add(new Block(runOf[axis], null));
                    }
                } else {
                    Block previous = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
                    if (simplify && previous != null && previous.run() == null) {
                        blocks.set(blocks.size() - 1,
                                new Block(null, ShapeSolver.multiply(previous.newLength(), lengths[axis], recipe)));
                    } else {
                        blocks.add(new Block(null, lengths[axis]));
                    }
                }
            }
        }

        /** Kept axes of length 1 (and new axes of length 1) vanish in the simplified plan. */
        private boolean dropped(int axis) {
            boolean kept = axis >= recipe.inputAxisCount() || !recipe.isReduced(axis);
            return simplify && kept && lengths[axis].isOne();
        }

        ExecutionPlan toPlan(long[] inputShape) {
            SymbolicDim[] input = new SymbolicDim[inputShape.length];
            for (int i = 0; i < input.length; i++) {
                input[i] = inputShape[i] >= 0 ? SymbolicDim.of(inputShape[i]) : SymbolicDim.ofInput(0, i);
            }
            SymbolicDim[] initShape = runs.stream().map(r -> r.length).toArray(SymbolicDim[]::new);
            List<Run> keptRuns = runs.stream().filter(r -> !r.reduced).toList();

            List<PlanStep> steps = new ArrayList<>();
            int[] permutation = blocks.stream().filter(b -> b.run() != null)
                    .mapToInt(b -> keptRuns.indexOf(b.run())).toArray();
            boolean permutes = !isIdentity(permutation);
            // Only a reduction or a permutation needs the tensor in its elementary (merged) shape.
            boolean reshapeFirst = recipe.reducesAxes() || permutes;
            if (reshapeFirst && !Arrays.equals(initShape, input)) {
                steps.add(new PlanStep.Reshape(SymbolicShape.of(initShape)));
            }
            if (recipe.reducesAxes()) {
                int[] reduceAxes = IntStream.range(0, runs.size()).filter(i -> runs.get(i).reduced).toArray();
                SymbolicShape reducedShape = SymbolicShape.of(keptRuns.stream().map(r -> r.length)
                        .toArray(SymbolicDim[]::new));
                steps.add(new PlanStep.Reduce(AxisIndices.of(reduceAxes), reducedShape));
            }
            if (permutes) {
                steps.add(new PlanStep.Permute(AxisIndices.of(permutation)));
            }
            SymbolicDim[] current = reshapeFirst
                    ? blocks.stream().filter(b -> b.run() != null).map(Block::length).toArray(SymbolicDim[]::new)
                    : input;
            if (blocks.stream().anyMatch(b -> b.run() == null)) {
                SymbolicDim[] unitShape = blocks.stream().map(b -> b.run() != null ? b.length() : SymbolicDim.of(1))
                        .toArray(SymbolicDim[]::new);
                if (!Arrays.equals(unitShape, current)) {
                    steps.add(new PlanStep.Reshape(SymbolicShape.of(unitShape)));
                }
                current = blocks.stream().map(Block::length).toArray(SymbolicDim[]::new);
                steps.add(new PlanStep.Expand(SymbolicShape.of(current)));
            }
            SymbolicDim[] outputShape = ShapeSolver.outputShape(recipe, lengths);
            if (!Arrays.equals(current, outputShape)) {
                steps.add(new PlanStep.Reshape(SymbolicShape.of(outputShape)));
            }
            return new ExecutionPlan(inputShape, steps, SymbolicDim.shapeOf(outputShape));
        }

        private static boolean isIdentity(int[] permutation) {
            for (int i = 0; i < permutation.length; i++) {
                if (permutation[i] != i) {
                    return false;
                }
            }
            return true;
        }
    }
}
