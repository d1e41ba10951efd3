package dev.einops.spark.transform;

import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.types.ElementType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Consecutive per-row steps on one tensor column, with the column type before and after each:
 * what one pass over a block of rows computes. Immutable and serializable.
 *
 * <pre>{@code
 * TensorColumnType images = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64});
 * TensorChain chain = TensorChain.of(images, List.of(
 *         RowTransform.of(Operation.REARRANGE, "c h w -> h w c", null, Map.of(), false),
 *         RowTransform.of(Operation.REDUCE, "(h 2) (w 2) c -> h w c", "max", Map.of(), false)));
 * chain.outputType();   // nested float32 tensors of shape [32, 32, 3]
 * }</pre>
 */
public final class TensorChain implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<BlockStep> steps;
    private final List<TensorColumnType> types;
    private final boolean explodes;

    private TensorChain(List<BlockStep> steps, List<TensorColumnType> types, boolean explodes) {
        this.steps = List.copyOf(steps);
        this.types = List.copyOf(types);
        this.explodes = explodes;
    }

    /**
     * The steps applied in order to a column of {@code input}.
     *
     * @throws dev.einops.types.EinopsException if a step cannot fit the type its predecessor gives
     */
    public static TensorChain of(TensorColumnType input, List<BlockStep> steps) {
        return of(input, steps, false);
    }

    /**
     * The steps applied in order to a column of {@code input}; when {@code explodes}, the last step's
     * result's first axis holds the rows each row explodes into.
     */
    public static TensorChain of(TensorColumnType input, List<BlockStep> steps, boolean explodes) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a chain has at least one step");
        }
        List<TensorColumnType> types = new ArrayList<>();
        types.add(input);
        for (BlockStep step : steps) {
            types.add(step.outputType(types.get(types.size() - 1)));
        }
        return new TensorChain(steps, types, explodes);
    }

    public List<BlockStep> steps() {
        return steps;
    }

    public TensorColumnType inputType() {
        return types.get(0);
    }

    /** The type of the last step's result for one row (with the exploded axis first, for a chain that explodes). */
    public TensorColumnType outputType() {
        return types.get(types.size() - 1);
    }

    /** Whether the last step's result's first axis holds rows each row explodes into. */
    public boolean explodes() {
        return explodes;
    }

    /** The shape a row of the input is read with (null when the data tells the rank). */
    public long[] readShape() {
        return steps.get(0).readShape(inputType());
    }

    @Override
    public String toString() {
        return steps.stream().map(BlockStep::describe).collect(Collectors.joining(", then "));
    }
}
