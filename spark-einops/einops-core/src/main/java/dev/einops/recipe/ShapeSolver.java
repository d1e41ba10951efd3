package dev.einops.recipe;

import dev.einops.EinopsException;
import java.util.Arrays;

/**
 * Finds the length of every elementary axis of a recipe from the input shape and the axis-length
 * arguments: one unknown axis per input composition is inferred, every other length is checked.
 *
 * <pre>{@code
 * TransformRecipe r = RecipeCompiler.compile(Operation.REARRANGE, "(h w) c -> h w c", List.of("h"), 2);
 * ShapeSolver.solve(r, new long[] {12, 3}, new long[] {4});   // [4, 3, 3]: h, w, c
 * }</pre>
 */
public final class ShapeSolver {
    private ShapeSolver() {
    }

    /**
     * Solves the lengths of all elementary axes of {@code recipe}.
     *
     * @param shape      the input shape; its rank must be the recipe's
     * @param givenValues the axis-length arguments, in the order of the recipe's names
     * @throws EinopsException when a length is negative, a composition does not divide, or a given
     *                         length contradicts the input
     */
    public static long[] solve(TransformRecipe recipe, long[] shape, long[] givenValues) {
        if (shape.length != recipe.inputRank()) {
            throw new EinopsException("Wrong shape: the recipe was compiled for rank " + recipe.inputRank()
                    + ", the input has rank " + shape.length);
        }
        long[] lengths = recipe.knownLengths();
        for (int i = 0; i < givenValues.length; i++) {
            int axis = recipe.givenAxis(i);
            if (givenValues[i] < 0) {
                throw new EinopsException("Axis length for " + recipe.axisNames().get(axis)
                        + " must be non-negative, got " + givenValues[i]);
            }
            lengths[axis] = givenValues[i];
        }
        for (int i = 0; i < shape.length; i++) {
            solveInputAxis(recipe, i, shape[i], lengths);
        }
        return lengths;
    }

    private static void solveInputAxis(TransformRecipe recipe, int inputAxis, long length, long[] lengths) {
        TransformRecipe.InputGroup group = recipe.inputGroups().get(inputAxis);
        int unknown = group.unknown();
        if (group.knownCount() == 0 && unknown >= 0) {
            lengths[unknown] = length;
            return;
        }
        long knownProduct = 1;
        for (int k = 0; k < group.knownCount(); k++) {
            knownProduct = multiply(knownProduct, lengths[group.knownAt(k)], recipe);
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
        lengths[unknown] = length / knownProduct;
    }

    static long multiply(long a, long b, TransformRecipe recipe) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new EinopsException("Axis lengths overflow a 64-bit length in " + recipe.pattern());
        }
    }

    /** The shape of the output for solved elementary lengths. */
    static long[] outputShape(TransformRecipe recipe, long[] lengths) {
        long[] shape = new long[recipe.outputRank()];
        int next = 0;
        for (int g = 0; g < shape.length; g++) {
            long product = 1;
            for (int k = 0; k < recipe.outputGroupSize(g); k++) {
                product = multiply(product, lengths[recipe.outputAxisAt(next++)], recipe);
            }
            shape[g] = product;
        }
        return shape;
    }

    static String show(long[] shape) {
        return Arrays.toString(shape);
    }
}
