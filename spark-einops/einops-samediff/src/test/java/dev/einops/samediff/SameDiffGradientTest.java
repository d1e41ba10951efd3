package dev.einops.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gradients through einops ops in SameDiff, checked against central finite differences. */
class SameDiffGradientTest {

    /**
     * Builds {@code f(x)} for a double variable x of {@code shape} and checks every trainable
     * variable's gradient, see {@link FiniteDifferences#assertGradientsMatch}.
     */
    static void assertGradientMatchesFiniteDifferences(long[] shape, Function<SDVariable, SDVariable> f) {
        Nd4j.getRandom().setSeed(42);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).muli(4));
        FiniteDifferences.assertGradientsMatch(sd, f.apply(x));
    }

    @Test
    void tutorialBackpropagation() {
        // x [10, 32, 100, 200]; y3 = sum over c b of max over h w: one 1 in the gradient per (b, c)
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.DOUBLE, 10, 32, 100, 200));
        SDVariable y1 = Einops.reduce(x, "b c h w -> b c", "max");
        SDVariable y2 = Einops.rearrange(y1, "b c -> c b");
        SDVariable y3 = Einops.reduce(y2, "c b -> ", "sum");
        sd.setLossVariables(y3);
        INDArray gradient = sd.calculateGradients(Map.of(), "x").get("x");
        assertEquals(320.0, gradient.sumNumber().doubleValue(), 1e-9);
        assertArrayEquals(new long[] {10, 32, 100, 200}, gradient.shape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"max", "min", "sum", "mean", "prod"})
    void everyReduction(String reduction) {
        assertGradientMatchesFiniteDifferences(new long[] {2, 6, 3},
                x -> Einops.reduce(x, "a (b 2) c -> c a b", reduction));
        assertGradientMatchesFiniteDifferences(new long[] {3, 4},
                x -> Einops.reduce(x, "a b -> ", reduction));
    }

    @Test
    void rearrangements() {
        assertGradientMatchesFiniteDifferences(new long[] {2, 3, 4}, x -> Einops.rearrange(x, "a b c -> c (a b)"));
        assertGradientMatchesFiniteDifferences(new long[] {2, 12},
                x -> Einops.rearrange(x, "a (b c) -> (c a) b", Map.of("b", 3)));
    }

    @Test
    void repeats() {
        assertGradientMatchesFiniteDifferences(new long[] {2, 3}, x -> Einops.repeat(x, "a b -> a b 3"));
        assertGradientMatchesFiniteDifferences(new long[] {2, 3}, x -> Einops.repeat(x, "a b -> (b 2) (c a)", Map.of("c", 2)));
    }

    @Test
    void einsums() {
        INDArray other = Nd4j.rand(DataType.DOUBLE, 4, 5);
        assertGradientMatchesFiniteDifferences(new long[] {3, 4},
                x -> Einops.einsum("i j, j k -> i k", x, x.getSameDiff().constant(other)));
        INDArray keys = Nd4j.rand(DataType.DOUBLE, 2, 5, 4);
        assertGradientMatchesFiniteDifferences(new long[] {2, 3, 4},
                x -> Einops.einsum("b i d, b j d -> b i j", x, x.getSameDiff().constant(keys)));
        assertGradientMatchesFiniteDifferences(new long[] {4, 4}, x -> Einops.einsum("i i ->", x));
        assertGradientMatchesFiniteDifferences(new long[] {3, 4}, x -> Einops.einsum("a b, a b, b -> a", x, x,
                x.getSameDiff().constant(Nd4j.rand(DataType.DOUBLE, 4))));
    }

    @Test
    void packAndUnpack() {
        assertGradientMatchesFiniteDifferences(new long[] {3, 5}, x -> {
            List<SDVariable> parts = Einops.unpack(x, List.of(new long[] {2}, new long[] {3}), "a *");
            SDVariable doubled = parts.get(0).mul(2);
            doubled.setShape(3, 2);   // an op outside einops: its shape is declared
            return Einops.pack(List.of(parts.get(1), doubled), "a *").tensor();
        });
    }
}
