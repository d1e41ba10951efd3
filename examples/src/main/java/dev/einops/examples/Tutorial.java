package dev.einops.examples;

import dev.einops.Einops;
import dev.einops.Packed;
import dev.einops.layers.Rearrange;
import dev.einops.layers.Reduce;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The einops deep-learning tutorial ("einops for deep learning"), statement by statement, on a
 * generated ND4J batch {@code x} of shape [10, 32, 100, 200] ({@code b c h w}): each statement is
 * printed with the shape of its result. Then the tutorial's gradient check, on SameDiff: the same
 * einops calls on an {@code SDVariable} build a differentiable graph, and the gradient of
 * "sum over (b, c) of the max over (h, w)" has exactly one 1 per (b, c): 10 * 32 = 320 in all.
 *
 * <p>Run it from the repository root (a shell command, not Java):
 * <pre>
 * mvn -B -ntp -Pjob -DskipTests verify -pl examples -am -Djob.mainClass=dev.einops.examples.Tutorial
 * </pre>
 */
public final class Tutorial {
    private Tutorial() {
    }

    public static void main(String[] args) {
        Nd4j.getRandom().setSeed(42);
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 32, 100, 200);
        System.out.println("x: " + Arrays.toString(x.shape()) + " " + x.dataType() + ", axes b c h w");

        section("order of axes, flattening");
        show("rearrange(x, 'b c h w -> b h w c')", Einops.rearrange(x, "b c h w -> b h w c"));
        show("rearrange(x, 'b c h w -> b (c h w)')", Einops.rearrange(x, "b c h w -> b (c h w)"));

        section("space-to-depth and depth-to-space");
        Map<String, Integer> two = Map.of("h1", 2, "w1", 2);
        show("rearrange(x, 'b c (h h1) (w w1) -> b (h1 w1 c) h w', h1=2, w1=2)",
                Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", two));
        show("rearrange(x, 'b (h1 w1 c) h w -> b c (h h1) (w w1)', h1=2, w1=2)",
                Einops.rearrange(x, "b (h1 w1 c) h w -> b c (h h1) (w w1)", two));

        section("reductions: global pooling, max-pooling, keeping axes of length 1");
        show("reduce(x, 'b c h w -> b c', 'mean')", Einops.reduce(x, "b c h w -> b c", "mean"));
        show("reduce(x, 'b c (h h1) (w w1) -> b c h w', 'max', h1=2, w1=2)",
                Einops.reduce(x, "b c (h h1) (w w1) -> b c h w", "max", two));
        show("reduce(x, 'b c (h 2) (w 2) -> b c h w', 'max')", Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"));
        show("reduce(x, 'b c h w -> b c 1 1', 'mean')", Einops.reduce(x, "b c h w -> b c 1 1", "mean"));
        show("reduce(x, 'b c h w -> 1 c 1 1', 'mean')", Einops.reduce(x, "b c h w -> 1 c 1 1", "mean"));

        section("squeeze and unsqueeze, repeat");
        show("rearrange(x, 'b c h w -> b 1 c h w 1')", Einops.rearrange(x, "b c h w -> b 1 c h w 1"));
        show("repeat(x, 'b c h w -> b c (h 2) (w 2)')", Einops.repeat(x, "b c h w -> b c (h 2) (w 2)"));

        section("stacking and concatenating a list of 10 tensors [c, h, w]");
        List<INDArray> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(x.slice(i));
        }
        show("rearrange(list, 'b c h w -> b h w c')", Einops.rearrange(list, "b c h w -> b h w c"));
        show("rearrange(list, 'b c h w -> h w (b c)')", Einops.rearrange(list, "b c h w -> h w (b c)"));

        section("shuffling and splitting channels");
        show("rearrange(x, 'b (g1 g2 c) h w -> b (g2 g1 c) h w', g1=4, g2=4)",
                Einops.rearrange(x, "b (g1 g2 c) h w -> b (g2 g1 c) h w", Map.of("g1", 4, "g2", 4)));
        show("rearrange(x, 'b (coord bbox) h w -> coord b bbox h w', coord=4)",
                Einops.rearrange(x, "b (coord bbox) h w -> coord b bbox h w", Map.of("coord", 4)));

        section("parse_shape");
        System.out.println("parse_shape(x, 'batch _ h w') = " + Einops.parseShape(x, "batch _ h w"));
        System.out.println("parse_shape(x, 'b ...') = " + Einops.parseShape(x, "b ..."));

        section("pack and unpack: an image [h, w, 3] and its mask [h, w] into one [h, w, 4], and back");
        INDArray image = Nd4j.rand(DataType.FLOAT, 100, 200, 3);
        INDArray mask = Nd4j.rand(DataType.FLOAT, 100, 200);
        Packed<INDArray> packed = Einops.pack(List.of(image, mask), "h w *");
        show("pack([image, mask], 'h w *')", packed.tensor());
        List<INDArray> parts = Einops.unpack(packed.tensor(), packed.packedShapes(), "h w *");
        System.out.printf("%-72s %s and %s%n", "unpack(packed, packed_shapes, 'h w *')",
                Arrays.toString(parts.get(0).shape()), Arrays.toString(parts.get(1).shape()));

        section("einsum: a 1x1 convolution, written with axis names");
        INDArray weight = Nd4j.rand(DataType.FLOAT, 32, 64);
        show("einsum('b c h w, c d -> b d h w', x, weight)", Einops.einsum("b c h w, c d -> b d h w", x, weight));

        section("layers: the same operations as values, for models");
        Reduce maxPool = new Reduce("b c (h 2) (w 2) -> b c h w", "max");
        Rearrange flatten = new Rearrange("b c h w -> b (c h w)");
        show("Reduce('b c (h 2) (w 2) -> b c h w', 'max')(x)", maxPool.apply(x));
        show("Rearrange('b c h w -> b (c h w)')(x)", flatten.apply(x));

        gradientOnSameDiff();
    }

    /** The tutorial's backpropagation check: einops on SameDiff variables is differentiable. */
    private static void gradientOnSameDiff() {
        section("gradients, on SameDiff");
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.DOUBLE, 10, 32, 100, 200));   // doubles: no ties for the max
        SDVariable y1 = Einops.reduce(x, "b c h w -> b c", "max");
        SDVariable y2 = Einops.rearrange(y1, "b c -> c b");
        SDVariable y3 = Einops.reduce(y2, "c b -> ", "sum");
        sd.setLossVariables(y3);
        // ND4J 1.0.0-M2.1 prints "Added differentiated op ..." for every op of the gradient it builds
        INDArray gradient = sd.calculateGradients(Map.of(), "x").get("x");
        System.out.println("y1 = reduce(x, 'b c h w -> b c', 'max')     " + Arrays.toString(y1.eval().shape()));
        System.out.println("y2 = rearrange(y1, 'b c -> c b')             " + Arrays.toString(y2.eval().shape()));
        System.out.println("y3 = reduce(y2, 'c b -> ', 'sum')            " + Arrays.toString(y3.eval().shape()));
        System.out.println("gradient of y3 with respect to x             " + Arrays.toString(gradient.shape()));
        double total = Einops.reduce(gradient, "b c h w -> ", "sum").getDouble(0);
        System.out.println("reduce(gradient, 'b c h w -> ', 'sum') = " + total);
        if (total != 320) {
            throw new IllegalStateException("the gradient should sum to 320, one 1 per (b, c), not " + total);
        }
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("# " + title);
    }

    /** Prints a statement and the shape of its result. */
    private static void show(String statement, INDArray result) {
        System.out.printf("%-72s %s%n", statement, Arrays.toString(result.shape()));
    }
}
