package dev.einops.examples;

import dev.einops.Einops;
import dev.einops.nd4j.Nd4jMemory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The main job: replays the einops deep-learning tutorial on a generated ND4J tensor of shape
 * [10, 32, 100, 200] and prints each statement with the shape of its result.
 *
 * <p>Run it from the repository root (a shell command, not Java):
 * <pre>
 * mvn -B -ntp -Pjob -DskipTests verify     # builds everything, then runs this
 * </pre>
 */
public final class TutorialJob {
    private final PrintStream out;
    private final INDArray x;

    TutorialJob(PrintStream out, INDArray x) {
        this.out = out;
        this.x = x;
    }

    public static void main(String[] args) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 32, 100, 200);
        long start = System.nanoTime();
        new TutorialJob(System.out, x).run();
        System.out.printf("%ntutorial replayed in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    void run() {
        out.println("x: " + Arrays.toString(x.shape()) + " " + x.dataType());
        step("b c h w -> b h w c", () -> Einops.rearrange(x, "b c h w -> b h w c"));
        step("b c h w -> b (c h w)", () -> Einops.rearrange(x, "b c h w -> b (c h w)"));
        Map<String, Integer> two = Map.of("h1", 2, "w1", 2);
        step("space-to-depth b c (h h1) (w w1) -> b (h1 w1 c) h w",
                () -> Einops.rearrange(x, "b c (h h1) (w w1) -> b (h1 w1 c) h w", two));
        step("depth-to-space b (h1 w1 c) h w -> b c (h h1) (w w1)",
                () -> Einops.rearrange(x, "b (h1 w1 c) h w -> b c (h h1) (w w1)", two));
        step("mean b c h w -> b c", () -> Einops.reduce(x, "b c h w -> b c", "mean"));
        step("max-pooling b c (h 2) (w 2) -> b c h w", () -> Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"));
        step("keepdims b c h w -> b c 1 1", () -> Einops.reduce(x, "b c h w -> b c 1 1", "mean"));
        step("channel shuffle b (g1 g2 c) h w -> b (g2 g1 c) h w",
                () -> Einops.rearrange(x, "b (g1 g2 c) h w -> b (g2 g1 c) h w", Map.of("g1", 4, "g2", 4)));
        step("split b (coord bbox) h w -> coord b bbox h w",
                () -> Einops.rearrange(x, "b (coord bbox) h w -> coord b bbox h w", Map.of("coord", 4, "bbox", 8)));
        step("repeat b c h w -> b c (h 2) (w 2)", () -> Einops.repeat(x, "b c h w -> b c (h 2) (w 2)"));
        List<INDArray> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(Nd4j.rand(DataType.FLOAT, 32, 100, 200));
        }
        step("stack a list of 10: b c h w -> h w (b c)", () -> Einops.rearrange(list, "b c h w -> h w (b c)"));
        out.println("parse_shape batch _ h w: " + Einops.parseShape(x, "batch _ h w"));
    }

    private void step(String what, Supplier<INDArray> statement) {
        INDArray result = statement.get();
        out.printf("%-56s %s%n", what, Arrays.toString(result.shape()));
        Nd4jMemory.closeUnlessShared(result, x);
    }
}
