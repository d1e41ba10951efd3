package dev.einops.internal.recipe;

import dev.einops.spi.SymbolicDim;
import dev.einops.types.EinopsException;

/**
 * Finds the length of every elementary axis of a recipe from the input shape and the axis-length
 * arguments: one unknown axis per input composition is inferred, every other length is checked.
 * An input length of -1 (a graph placeholder's axis, known only when the graph runs) makes the
 * inferred length symbolic, and the checks that would need it are left to the run.
 *
 * <pre>{@code
 * TransformRecipe r = RecipeCompiler.compile(Operation.REARRANGE, "(h w) c -> h w c", List.of("h"), 2);
 * ShapeSolver.solve(r, new long[] {12, 3}, new long[] {4});    // [4, 3, 3]: h, w, c
 * ShapeSolver.solve(r, new long[] {-1, 3}, new long[] {4});    // [4, d0.0 / 4, 3]
 * }</pre>
 */
public final class ShapeSolver {
    /** An input length known only when the tensor runs. */
    public static final long UNKNOWN_LENGTH = -1;

    private ShapeSolver() {
    }

    /**
     * Solves the lengths of all elementary axes of {@code recipe}.
     *
     * @param shape       the input shape (-1 for a length known only at run time); its rank must be the recipe's
     * @param givenValues the axis-length arguments, in the order of the recipe's names
     * @throws EinopsException when a length is negative, a composition does not divide, or a given
     *                         length contradicts the input
     */
    public static SymbolicDim[] solve(TransformRecipe recipe, long[] shape, long[] givenValues) {
        if (shape.length != recipe.inputRank()) {
            throw new EinopsException("Wrong shape: the recipe was compiled for rank " + recipe.inputRank()
                    + ", the input has rank " + shape.length);
        }
        SymbolicDim[] lengths = new SymbolicDim[recipe.elementaryAxisCount()];
        for (int axis = 0; axis < lengths.length; axis++) {
            long known = recipe.knownLength(axis);
            lengths[axis] = known >= 0 ? SymbolicDim.of(known) : null;
        }
        for (int i = 0; i < givenValues.length; i++) {
            int axis = recipe.givenAxis(i);
            if (givenValues[i] < 0) {
                throw new EinopsException("Axis length for " + recipe.axisNames().get(axis)
                        + " must be non-negative, got " + givenValues[i]);
            }
            lengths[axis] = SymbolicDim.of(givenValues[i]);
        }
        for (int i = 0; i < shape.length; i++) {
            solveInputAxis(recipe, i, shape[i], lengths);
        }
        return lengths;
    }

    private static void solveInputAxis(TransformRecipe recipe, int inputAxis, long length, SymbolicDim[] lengths) {
        TransformRecipe.InputGroup group = recipe.inputGroups().get(inputAxis);
        int unknown = group.unknown();
        long knownProduct = 1;
        for (int k = 0; k < group.knownCount(); k++) {
            knownProduct = multiply(knownProduct, lengths[group.knownAt(k)].value(), recipe);
        }
        if (length == UNKNOWN_LENGTH) {
            if (unknown >= 0) {
                if (knownProduct == 0) {
                    throw new EinopsException("Can't infer the length of " + recipe.axisNames().get(unknown) + " in "
                            + group.text() + " when the other axes have length 0");
                }
                lengths[unknown] = SymbolicDim.ofInput(0, inputAxis).dividedBy(knownProduct);
            }
            return;
        }
        if (length < 0) {
            throw new EinopsException("Input axis " + inputAxis + " has length " + length);
        }
        if (unknown < 0) {
            if (length != knownProduct) {
                throw new EinopsException("Shape mismatch, " + length + " != " + knownProduct + ": input axis "
                        + inputAxis + " is " + group.text() + " of length " + knownProduct
                        + " but the input has " + length);
            }
            return;
        }
        String name = recipe.axisNames().get(unknown);
        if (knownProduct == 0) {
            throw new EinopsException("Shape mismatch, can't infer the length of " + name + " in " + group.text()
                    + " (input axis " + inputAxis + " of length " + length + ") when the other axes have length 0");
        }
        if (length % knownProduct != 0) {
            throw new EinopsException("Shape mismatch, can't divide axis of length " + length + " in chunks of "
                    + knownProduct + ": input axis " + inputAxis + " is " + group.text());
        }
        lengths[unknown] = SymbolicDim.of(length / knownProduct);
    }

    static long multiply(long a, long b, TransformRecipe recipe) {
        return Lengths.multiply(a, b, () -> overflow(recipe));
    }

    static SymbolicDim multiply(SymbolicDim a, SymbolicDim b, TransformRecipe recipe) {
        return Lengths.multiply(a, b, () -> overflow(recipe));
    }

    private static String overflow(TransformRecipe recipe) {
        return "Axis lengths overflow a 64-bit length in " + recipe.pattern();
    }

    /** The shape of the output for solved elementary lengths. */
    static SymbolicDim[] outputShape(TransformRecipe recipe, SymbolicDim[] lengths) {
        SymbolicDim[] shape = new SymbolicDim[recipe.outputRank()];
        int next = 0;
        for (int g = 0; g < shape.length; g++) {
            SymbolicDim product = SymbolicDim.of(1);
            for (int k = 0; k < recipe.outputGroupSize(g); k++) {
                product = multiply(product, lengths[recipe.outputAxisAt(next++)], recipe);
            }
            shape[g] = product;
        }
        return shape;
    }
}
