package dev.einops.spark.transform;

import dev.einops.types.EinopsException;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.tensor.TensorColumnType;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A verb's pattern whose row axis leads an output composition: each row explodes into several rows,
 * {@code b c (h p) (w q) -> (b h w) c p q} turning an image into its patches, in (b, h, w) order.
 * Each row runs through {@link #perRow()}, whose result's first axis holds its exploded rows; each
 * exploded row can carry its index along every exploded axis ({@link #indexAxes()}). Immutable and
 * serializable.
 *
 * <pre>{@code
 * ExplodeTransform patches = ExplodeTransform.of(Operation.REARRANGE, "b c (h p) (w q) -> (b h w) c p q",
 *         null, Map.of("p", 8, "q", 8));
 * TensorColumnType image = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64});
 * patches.outputType(image);                         // nested float32 tensors of shape [3, 8, 8]
 * patches.indexAxes();                               // [h, w]
 * patches.indexLengths(new long[] {3, 64, 64});      // [8, 8]: 64 rows per image
 * }</pre>
 */
public final class ExplodeTransform implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RowTransform perRow;

    private ExplodeTransform(RowTransform perRow) {
        this.perRow = perRow;
    }

    /**
     * The explode of {@code pattern}.
     *
     * @throws EinopsException if the pattern is invalid or its row axis does not lead an output composition
     */
    public static ExplodeTransform of(Operation operation, String pattern, String reduction,
                                      Map<String, ? extends Number> axesLengths) {
        return of(CompiledCall.verb(operation, pattern, reduction, axesLengths));
    }

    /**
     * The explode of a compiled verb's call.
     *
     * @throws EinopsException if the call's row axis does not lead an output composition
     */
    public static ExplodeTransform of(CompiledCall call) {
        return new ExplodeTransform(RowTransform.exploding(call));
    }

    /** Each row's step: its result's first axis holds the row's exploded rows. */
    public RowTransform perRow() {
        return perRow;
    }

    /** The axes each exploded row has an index along, in order: {@code [h, w]}. */
    public List<String> indexAxes() {
        return perRow.call().explodedAxes();
    }

    /** The type of one exploded row's tensor, from the input column's type. */
    public TensorColumnType outputType(TensorColumnType input) {
        TensorColumnType rows = perRow.outputType(input);
        long[] shape = rows.shape();
        return rows.with(rows.elementType(), shape == null ? null : Arrays.copyOfRange(shape, 1, shape.length));
    }

    /** The lengths of the index axes for a row of {@code rowShape}: their product is its number of exploded rows. */
    public long[] indexLengths(long[] rowShape) {
        long[] block = new long[rowShape.length + 1];
        block[0] = 1;
        System.arraycopy(rowShape, 0, block, 1, rowShape.length);
        long[] out = perRow.call().probePlan(block).outputShape();
        return Arrays.copyOfRange(out, 1, 1 + indexAxes().size());
    }

    /**
     * The index along each exploded axis of the {@code j}-th row a row explodes into, the last axis
     * varying fastest: {@code indices(new long[] {2, 3}, 4)} is {@code [1, 1]}.
     *
     * @param lengths the row's {@link #indexLengths}
     */
    public static int[] indices(long[] lengths, long j) {
        int[] out = new int[lengths.length];
        long rest = j;
        for (int a = lengths.length - 1; a >= 0; a--) {
            out[a] = (int) (rest % lengths[a]);
            rest /= lengths[a];
        }
        return out;
    }

    /** The pattern as the caller wrote it. */
    public String pattern() {
        return perRow.pattern();
    }

    /**
     * As {@code explain()} shows it:
     * {@code explode rearrange 'b c (h p) (w q) -> (b h w) c p q' per row 'c (h p) (w q) -> (h w) c p q'}.
     */
    public String describe() {
        return "explode " + perRow.describe();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExplodeTransform e && perRow.equals(e.perRow);
    }

    @Override
    public int hashCode() {
        return perRow.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
