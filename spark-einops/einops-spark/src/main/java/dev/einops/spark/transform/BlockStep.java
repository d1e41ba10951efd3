package dev.einops.spark.transform;

import dev.einops.nd4j.Nd4jBackend;
import dev.einops.spark.tensor.TensorColumnType;
import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step a block of rows goes through: an einops pattern ({@link RowTransform}) or a layer with
 * weights ({@link MixStep}). A step is typed at analysis from the column type it receives and runs
 * once per block on the stacked rows {@code [rows, ...]}. Implementations are immutable and
 * serializable: they travel with the query plan to the executors.
 *
 * <pre>{@code
 * BlockStep step = RowTransform.of(Operation.REARRANGE, "a b -> b a", null, Map.of(), false);
 * INDArray block = Nd4j.arange(6).castTo(DataType.FLOAT).reshape(1, 2, 3);   // one row of [2, 3]
 * step.apply(block, new Nd4jBackend(), false).shape();                       // [1, 3, 2]
 * }</pre>
 */
public interface BlockStep extends Serializable {
    /**
     * The type of each row's result, from the type of each row's input.
     *
     * @throws dev.einops.types.EinopsException if the step cannot take such rows
     */
    TensorColumnType outputType(TensorColumnType input);

    /** The shape each row of {@code input} is read with when this step comes first (null: the data tells). */
    long[] readShape(TensorColumnType input);

    /**
     * The step on a block of rows {@code [rows, ...]}.
     *
     * @param engineMemory whether {@code block} is memory the engine made (and may release once used)
     *                     rather than the caller's
     * @throws dev.einops.types.EinopsException if the rows' shape does not fit the step
     */
    INDArray apply(INDArray block, Nd4jBackend backend, boolean engineMemory);

    /** The SQL function name of the step: {@code einops_rearrange}, {@code einops_reduce}, {@code tensor_to_nested}. */
    String name();

    /** The pattern as the caller wrote it. */
    String pattern();

    /** The operation as messages name it: {@code rearrange}, {@code max-reduction}, {@code EinMix}. */
    String label();

    /** The axis lengths given with the step, for messages. */
    java.util.Map<String, Long> axesLengths();

    /** As {@code explain()} shows it: {@code rearrange 'c h w -> h w c'}. */
    String describe();
}
