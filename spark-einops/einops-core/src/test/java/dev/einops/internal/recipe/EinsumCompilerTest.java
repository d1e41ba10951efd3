package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.EinopsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EinsumCompilerTest {
    private static EinsumPlan plan(String pattern, long[]... shapes) {
        return EinsumCompiler.compile(pattern, List.of(shapes));
    }

    private static String rejection(String pattern, long[]... shapes) {
        return assertThrows(EinopsException.class, () -> plan(pattern, shapes)).reason();
    }

    @Test
    void aMatrixProductIsOneMatmul() {
        EinsumPlan p = plan("i j, j k -> i k", new long[] {512, 512}, new long[] {512, 512});
        assertEquals("matmul 0 1 -> 2", p.toString());
        assertArrayEquals(new long[] {512, 512}, p.outputShape());
    }

    @Test
    void sharedLabelsKeptOnTheRightBecomeTheBatchAndTransposesAreNotCopied() {
        // k is [b, j, d]: the transpose of the [b, d, j] the product needs, read transposed, not copied
        assertEquals("matmul 0 1T -> 2",
                plan("b i d, b j d -> b i j", new long[] {16, 256, 64}, new long[] {16, 256, 64}).toString());
    }

    @Test
    void outerProductsAndDotProductsAreMatmulsToo() {
        assertEquals("reshape 0 [3, 1] -> reshape 1 [1, 4] -> matmul 0 1 -> 2",
                plan("i, j -> i j", new long[] {3}, new long[] {4}).toString());
        assertEquals("reshape 0 [1, 3] -> reshape 1 [3, 1] -> matmul 0 1 -> 2 -> reshape 2 []",
                plan("i, i ->", new long[] {3}, new long[] {3}).toString());
    }

    @Test
    void repeatedLabelsTakeTheDiagonal() {
        assertEquals("reshape 0 [16] -> slice 0 [0:16:5] -> sum 0 [0]", plan("i i ->", new long[] {4, 4}).toString());
        assertEquals("permute 0 [1, 0, 2] -> reshape 0 [10, 25] -> slice 0 [0:25:6]",
                plan("i middle i -> middle i", new long[] {5, 10, 5}).toString());
    }

    @Test
    void labelsOnlyOneOperandNeedsAreSummedFirst() {
        assertEquals("sum 0 [1]", plan("a x, b -> a b", new long[] {2, 7}, new long[] {3}).steps().get(0).toString());
    }

    @Test
    void greedyOrderContractsTheCheapestPairFirst() {
        // (b c)(c d) touches 2*1000*2 elements, (a b)(b c) 2e6, (a b)(c d) 4e6
        EinsumPlan p = plan("a b, b c, c d -> a d", new long[] {1000, 2}, new long[] {2, 1000}, new long[] {1000, 2});
        List<String> matmuls = p.steps().stream().filter(s -> s instanceof EinsumStep.MatMul).map(Object::toString).toList();
        assertEquals(List.of("matmul 1 2 -> 3", "matmul 0 3 -> 4"), matmuls);
    }

    @Test
    void lengthOneAxesBroadcast() {
        EinsumPlan p = plan("a b, b c -> a c", new long[] {2, 1}, new long[] {4, 5});
        assertTrue(p.toString().startsWith("reshape 0 [2]"), p.toString());
        assertArrayEquals(new long[] {2, 5}, p.outputShape());
    }

    @Test
    void ellipsisAlignsFromTheRightAndBroadcasts() {
        EinsumPlan p = plan("... i, ... i -> ...", new long[] {5, 3, 4}, new long[] {3, 4});
        assertArrayEquals(new long[] {5, 3}, p.outputShape());
    }

    @Test
    void unsupportedSyntaxIsNamed() {
        assertEquals("Singleton () axes are not yet supported in einsum: ()", rejection("i () -> i", new long[] {5, 1}));
        assertEquals("Singleton () axes are not yet supported in einsum: 1", rejection("i 1 -> i", new long[] {5, 1}));
        assertEquals("Shape rearrangement is not yet supported in einsum: (a b)", rejection("a b -> (a b)", new long[] {5, 1}));
        assertEquals("Anonymous axes are not yet supported in einsum: 2", rejection("i 2 -> i", new long[] {5, 2}));
        assertEquals("The ellipsis stands for 1 axis but the output has no ellipsis to keep it",
                rejection("... a -> a", new long[] {2, 3}));
    }

    @Test
    void rejections() {
        assertTrue(rejection("i j k", new long[] {5, 3, 2}).contains("must contain '->'"));
        assertTrue(rejection("a b -> a -> b", new long[] {2, 3}).contains("exactly one '->'"));
        assertTrue(rejection("i () -> i", new long[] {5, 1}).contains("Singleton () axes"));
        assertTrue(rejection("a b -> (a b)", new long[] {5, 1}).contains("Shape rearrangement"));
        assertTrue(rejection("i 2 -> i", new long[] {5, 2}).contains("Anonymous axes"));
        assertTrue(rejection("(i) j -> i", new long[] {5, 2}).contains("Parentheses"));
        assertTrue(rejection("i j -> k", new long[] {5, 1}).contains("Unknown axis k"));
        assertTrue(rejection("a b, b c -> a c", new long[] {2, 3}, new long[] {4, 5}).contains("has length 3 in one operand and 4"));
        assertTrue(rejection("a b -> a b", new long[] {2, 3, 4}).contains("names 2 axes"));
        assertTrue(rejection("... a -> a", new long[] {2, 3}).contains("output has no ellipsis"));
        assertTrue(rejection("a -> ...", new long[] {2}).contains("needs one on the left"));
        assertTrue(rejection("a a -> a", new long[] {2, 3}).contains("different lengths (2 != 3)"));
        assertTrue(rejection("a, b -> a", new long[] {2}).contains("2 operands but 1 tensors"));
    }

    @Test
    void lengthsBeyond64BitsAreRejectionsThatSayWhatOverflowed() {
        long big = 1L << 32;
        assertEquals("Axes a b are merged into one for a matrix product, but the product of their lengths"
                        + " [4294967296, 4294967296] overflows a 64-bit length",
                rejection("a b c, c d -> a b d", new long[] {big, big, 2}, new long[] {2, 3}));
        // the square used to wrap around to 0 and plan a slice of nothing
        assertEquals("Axis i repeats in operand 0 with length 4294967296, whose square, the elements the diagonal"
                        + " is taken from, overflows a 64-bit length",
                rejection("i i -> i", new long[] {big, big}));
    }
}
