package dev.einops.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gradient checks for SameDiff graphs by central finite differences, in double precision. */
public final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /**
     * Takes the loss {@code sum(output * r)} for fixed random r and compares SameDiff's gradient of
     * every trainable (VARIABLE) variable with (loss(v + eps) - loss(v - eps)) / 2 eps, at up to 40
     * elements of each.
     */
    public static void assertGradientsMatch(SameDiff sd, SDVariable output) {
        INDArray value = output.eval();
        SDVariable weights = sd.constant("fd_weights", Nd4j.rand(DataType.DOUBLE, value.shape()).subi(0.5));
        SDVariable loss = sd.sum("fd_loss", output.mul(weights));
        sd.setLossVariables(loss);
        List<String> trainable = sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).toList();
        Map<String, INDArray> gradients = sd.calculateGradients(Map.of(), trainable.toArray(new String[0]));
        double eps = 1e-6;
        for (String name : trainable) {
            INDArray values = sd.getVariable(name).getArr();
            INDArray gradient = gradients.get(name);
            long step = Math.max(1, values.length() / 40);
            for (long i = 0; i < values.length(); i += step) {
                double original = values.getDouble(i);
                values.putScalar(i, original + eps);
                double plus = loss(sd);
                values.putScalar(i, original - eps);
                double minus = loss(sd);
                values.putScalar(i, original);
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, gradient.getDouble(i), 1e-5 * Math.max(1, Math.abs(numeric)),
                        "d loss / d " + name + "[" + i + "]");
            }
        }
    }

    private static double loss(SameDiff sd) {
        return sd.output(Map.of(), "fd_loss").get("fd_loss").getDouble(0);
    }
}
