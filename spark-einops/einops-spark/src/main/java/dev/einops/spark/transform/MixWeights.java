package dev.einops.spark.transform;

import dev.einops.layers.EinMix;
import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An {@link EinMix} layer's weight and bias as plain Java arrays, which serialize compactly (to be
 * broadcast once to every executor); the ND4J arrays are rebuilt once per JVM, on first use.
 *
 * <pre>{@code
 * MixWeights w = MixWeights.of(new EinMix.Parameters<>(Nd4j.ones(DataType.FLOAT, 3, 4), null));
 * w.parameters().weight().shape();   // [3, 4]
 * }</pre>
 */
public final class MixWeights implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] weight;
    private final long[] weightShape;
    private final double[] bias;
    private final long[] biasShape;
    private final String type;
    private transient volatile EinMix.Parameters<INDArray> arrays;

    private MixWeights(double[] weight, long[] weightShape, double[] bias, long[] biasShape, String type) {
        this.weight = weight;
        this.weightShape = weightShape;
        this.bias = bias;
        this.biasShape = biasShape;
        this.type = type;
    }

    /** The values of {@code parameters} (the bias may be null), in their data type. */
    public static MixWeights of(EinMix.Parameters<INDArray> parameters) {
        INDArray w = parameters.weight();
        INDArray b = parameters.bias();
        return new MixWeights(w.dup('c').data().asDouble(), w.shape(), b == null ? null : b.dup('c').data().asDouble(),
                b == null ? null : b.shape(), w.dataType().name());
    }

    /** The weight and bias as ND4J arrays, built once per JVM. */
    public EinMix.Parameters<INDArray> parameters() {
        EinMix.Parameters<INDArray> p = arrays;
        if (p == null) {
            DataType dataType = DataType.valueOf(type);
            INDArray w = Nd4j.create(weight, weightShape, DataType.DOUBLE).castTo(dataType);
            INDArray b = bias == null ? null : Nd4j.create(bias, biasShape, DataType.DOUBLE).castTo(dataType);
            p = new EinMix.Parameters<>(w, b);
            arrays = p;
        }
        return p;
    }
}
