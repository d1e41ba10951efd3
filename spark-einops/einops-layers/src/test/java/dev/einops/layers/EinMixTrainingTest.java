package dev.einops.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** EinMix in a SameDiff graph learns a fixed random linear map, and its gradients are right. */
class EinMixTrainingTest {
    @Test
    void fitsALinearMap() {
        Nd4j.getRandom().setSeed(12);
        int cIn = 8;
        int cOut = 6;
        INDArray trueWeight = Nd4j.randn(DataType.FLOAT, cIn, cOut);
        INDArray trueBias = Nd4j.randn(DataType.FLOAT, cOut);
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 5, cIn);
        INDArray target = x.reshape(160, cIn).mmul(trueWeight).addRowVector(trueBias).reshape(32, 5, cOut);

        EinMix mix = new EinMix("b t c_in -> b t c_out", "c_in c_out", "c_out", Map.of("c_in", cIn, "c_out", cOut));
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, 5, cIn);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 5, cOut);
        SDVariable y = mix.apply(input, mix.createParameters(sd, "mix", DataType.FLOAT, 3));
        assertArrayEquals(new long[] {-1, 5, cOut}, y.getShape() == null ? dev.einops.Tensors.shape(y) : y.getShape());
        SDVariable loss = sd.loss().meanSquaredError("loss", label, y, null);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(0.05))
                .dataSetFeatureMapping("input").dataSetLabelMapping("label").build());
        DataSet batch = new DataSet(x, target);
        double before = sd.output(Map.of("input", x, "label", target), "loss").get("loss").getDouble(0);
        for (int i = 0; i < 300; i++) {
            sd.fit(batch);
        }
        double after = sd.output(Map.of("input", x, "label", target), "loss").get("loss").getDouble(0);
        assertTrue(after * 10 <= before, "loss " + before + " -> " + after);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        EinMix mix = new EinMix("b (h w) c -> b h (w d)", "c d", "d", Map.of("h", 2, "c", 3, "d", 4));
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.DOUBLE, 2, 6, 3));
        dev.einops.samediff.FiniteDifferences.assertGradientsMatch(sd, mix.apply(x, mix.createParameters(sd, "mix", DataType.DOUBLE, 5)));
    }
}
