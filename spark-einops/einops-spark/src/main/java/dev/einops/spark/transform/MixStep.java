package dev.einops.spark.transform;

import dev.einops.types.EinopsException;
import dev.einops.layers.EinMix;
import dev.einops.nd4j.Nd4jBackend;
import dev.einops.nd4j.Nd4jTypes;
import dev.einops.spark.tensor.TensorColumnType;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An {@link EinMix} layer as a step of a block of rows: its pattern's first axis is the rows, and
 * the whole block is mixed with the weights in one einsum, a BLAS matrix product. The weights come
 * from a supplier: a Spark broadcast on a cluster, so that they are shipped to each executor once.
 *
 * <pre>{@code
 * EinMix mix = new EinMix("b c -> b d", "c d", Map.of("c", 3, "d", 2));
 * MixWeights weights = MixWeights.of(mix.initialParameters(DataType.FLOAT, 7));
 * MixStep step = new MixStep(mix, () -> weights);
 * step.outputType(TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {3}));
 *                                                      // flat float32 tensors of shape [2]
 * }</pre>
 */
public final class MixStep implements BlockStep {
    private static final long serialVersionUID = 1L;

    private final EinMix mix;
    private final Weights weights;

    /** Where the weights come from: serializable, such as a Spark broadcast's {@code value}. */
    @FunctionalInterface
    public interface Weights extends java.io.Serializable {
        MixWeights get();
    }

    /**
     * @param weights the layer's weights, serializable (a broadcast's value, say)
     * @throws EinopsException if the layer's pattern does not map each row to one row
     */
    public MixStep(EinMix mix, Weights weights) {
        if (BatchPattern.parse(mix.pattern()).kind() != RowAxisKind.PER_ROW) {
            throw new EinopsException("a layer on a DataFrame maps each row to one row, so its pattern's first axis "
                    + "(the rows) must stay first and alone on the output").withContext("EinMix", mix.pattern(), null,
                    mix.axesLengths());
        }
        this.mix = mix;
        this.weights = weights;
    }

    @Override
    public TensorColumnType outputType(TensorColumnType input) {
        long[] shape = input.shape();
        if (shape == null || Arrays.stream(shape).anyMatch(d -> d < 0)) {
            throw new EinopsException("EinMix on a DataFrame needs every row's shape, recorded in the column's metadata, "
                    + "but the column has " + input).withContext("EinMix", mix.pattern(), null, mix.axesLengths());
        }
        long[] one = new long[shape.length + 1];
        one[0] = 1;
        System.arraycopy(shape, 0, one, 1, shape.length);
        INDArray probe = Nd4j.create(Nd4jTypes.dataType(input.elementType()), one, 'c');
        INDArray out = mix.apply(probe, weights.get().parameters());
        long[] outShape = out.shape();
        return input.with(Nd4jTypes.elementType(out.dataType()), Arrays.copyOfRange(outShape, 1, outShape.length));
    }

    @Override
    public long[] readShape(TensorColumnType input) {
        return input.shape();
    }

    @Override
    public INDArray apply(INDArray block, Nd4jBackend backend, boolean engineMemory) {
        try {
            return mix.apply(block, weights.get().parameters());
        } catch (RuntimeException e) {
            long[] shape = block.shape();
            throw EinopsException.inContext(e, "EinMix", mix.pattern(),
                    Arrays.toString(Arrays.copyOfRange(shape, 1, shape.length)), mix.axesLengths());
        }
    }

    @Override
    public String name() {
        return "einops_einmix";
    }

    @Override
    public String pattern() {
        return mix.pattern();
    }

    @Override
    public String label() {
        return "EinMix";
    }

    @Override
    public Map<String, Long> axesLengths() {
        return mix.axesLengths();
    }

    @Override
    public String describe() {
        return "EinMix '" + mix.pattern() + "' weight '" + mix.weightShapePattern() + "'"
                + (mix.biasShapePattern() == null ? "" : " bias '" + mix.biasShapePattern() + "'");
    }

    @Override
    public String toString() {
        return describe();
    }
}
