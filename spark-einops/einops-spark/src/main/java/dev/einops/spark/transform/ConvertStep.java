package dev.einops.spark.transform;

import dev.einops.nd4j.Nd4jBackend;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.types.EinopsException;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A step that changes only the encoding a tensor column is written in: nested arrays, the tensor
 * struct, a flat array (its shape in the column's metadata) or a Vector. The block passes through;
 * its rows are written anew in the target encoding.
 *
 * <pre>{@code
 * ConvertStep toStruct = new ConvertStep(TensorEncoding.STRUCT);
 * toStruct.outputType(TensorColumnType.of(TensorEncoding.NESTED, ElementType.INT64, new long[] {2, 3}));
 *                                 // struct int64 tensors of shape [2, 3]
 * }</pre>
 */
public final class ConvertStep implements BlockStep {
    private static final long serialVersionUID = 1L;

    private final TensorEncoding target;

    public ConvertStep(TensorEncoding target) {
        this.target = target;
    }

    @Override
    public TensorColumnType outputType(TensorColumnType input) {
        long[] shape = input.shape();
        if (target == TensorEncoding.NESTED && shape == null) {
            throw new EinopsException("nested arrays need the tensors' rank, but the column's rows tell it only when "
                    + "read: " + input).withContext(label(), pattern(), null, Map.of());
        }
        return TensorColumnType.of(target, input.elementType(), shape);
    }

    @Override
    public long[] readShape(TensorColumnType input) {
        return input.shape();
    }

    @Override
    public INDArray apply(INDArray block, Nd4jBackend backend, boolean engineMemory) {
        return block;
    }

    @Override
    public String name() {
        return dev.einops.spark.catalyst.EinopsRegistry.conversionName(target);
    }

    @Override
    public String pattern() {
        return "";
    }

    @Override
    public String label() {
        return "conversion to " + target.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Map<String, Long> axesLengths() {
        return Map.of();
    }

    @Override
    public String describe() {
        return label();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvertStep c && c.target == target;
    }

    @Override
    public int hashCode() {
        return target.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
