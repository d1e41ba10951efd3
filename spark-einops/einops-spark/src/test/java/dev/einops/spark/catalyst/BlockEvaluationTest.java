package dev.einops.spark.catalyst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.internal.recipe.Operation;
import dev.einops.spark.ErrorMode;
import dev.einops.spark.exec.BlockMetrics;
import dev.einops.spark.exec.BlockSettings;
import dev.einops.spark.memory.EinopsMemory;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.spark.transform.ExplodeTransform;
import dev.einops.spark.transform.RowTransform;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every einops expression gives the same rows row by row and through blocks, whatever the blocks hold. */
class BlockEvaluationTest {
    /** Nested float32 tensors of rank 2 whose lengths only the rows tell. */
    private static final TensorColumnType MATRICES = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32,
            new long[] {-1, -1});
    private static final BlockSettings DEFAULTS = new BlockSettings(4096, 16L << 20);

    @AfterEach
    void released() {
        assertEquals(0, EinopsMemory.allocatedBytes(), "every block's memory is back");
    }

    private static RowTransform step(Operation op, String pattern, String reduction) {
        return RowTransform.of(op, pattern, reduction, Map.of(), false);
    }

    /** A matrix of {@code rows} x {@code cols} whose elements count up from {@code start}. */
    private static Object matrix(int rows, int cols, float start) {
        Object[] out = new Object[rows];
        for (int i = 0; i < rows; i++) {
            float[] row = new float[cols];
            for (int j = 0; j < cols; j++) {
                row[j] = start + i * cols + j;
            }
            out[i] = ArrayData.toArrayData(row);
        }
        return new GenericArrayData(out);
    }

    /** Ten 2x2 matrices, 16 bytes each. */
    private static List<Object> tenMatrices() {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(matrix(2, 2, i * 4));
        }
        return values;
    }

    private static Object ragged() {
        return new GenericArrayData(new Object[] {ArrayData.toArrayData(new float[] {1, 2}),
                ArrayData.toArrayData(new float[] {3})});
    }

    private static EinopsTransform transposeThenSum(ErrorMode mode) {
        return BlockEvaluation.chain(MATRICES, mode, step(Operation.REARRANGE, "a b -> b a", null),
                step(Operation.REDUCE, "b a -> b (a 1)", "sum"));
    }

    @Test
    void rowsOfMixedShapesInOneBlockRunOneBlockPerShape() {
        List<Object> values = List.of(matrix(2, 3, 0), matrix(3, 2, 10), matrix(2, 3, 20), matrix(1, 4, 30));
        BlockMetrics.Counter counter = BlockEvaluation.check(transposeThenSum(ErrorMode.FAILFAST), DEFAULTS, values);
        assertEquals(3, counter.blockCount(), "shapes [2, 3], [3, 2] and [1, 4]");
        assertEquals(0, counter.malformedCount());
    }

    @Test
    void nullTensorsGiveNullBothWays() {
        List<Object> values = Arrays.asList(null, matrix(2, 2, 0), null, matrix(2, 2, 4), null);
        BlockMetrics.Counter counter = BlockEvaluation.check(transposeThenSum(ErrorMode.FAILFAST), DEFAULTS, values);
        assertEquals(1, counter.blockCount());
    }

    @Test
    void permissiveModeGivesNullForAMalformedRowAndCountsItInTheMetric() {
        List<Object> values = List.of(matrix(2, 2, 0), ragged(), matrix(2, 2, 4));
        BlockMetrics.Counter counter = BlockEvaluation.check(transposeThenSum(ErrorMode.PERMISSIVE), DEFAULTS, values);
        assertEquals(1, counter.malformedCount());
    }

    @Test
    void failFastModeFailsBothWaysWithOneMessageNamingTheColumn() {
        EinopsException e = org.junit.jupiter.api.Assertions.assertThrows(EinopsException.class,
                () -> BlockEvaluation.chain(MATRICES, ErrorMode.FAILFAST, step(Operation.REARRANGE, "a b -> b a", null))
                        .eval(new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(new Object[] {ragged()})));
        assertTrue(e.getMessage().contains("(ragged nesting) (column boundreference())"), e.getMessage());
        BlockEvaluation.check(transposeThenSum(ErrorMode.FAILFAST), DEFAULTS, List.of(matrix(2, 2, 0), ragged()));
    }

    @Test
    void moreShapesThanSpareSlabsInEveryBlock() {
        List<Object> values = new ArrayList<>();
        for (int window = 0; window < 3; window++) {
            for (int n = 1; n <= 12; n++) {
                values.add(matrix(n, 2, window * 100 + n));
            }
        }
        BlockMetrics.Counter counter = BlockEvaluation.check(transposeThenSum(ErrorMode.FAILFAST),
                new BlockSettings(12, 16L << 20), values);
        assertEquals(36, counter.blockCount(), "three windows of twelve shapes");
    }

    @Test
    void blocksSplitByRows() {
        BlockMetrics.Counter counter = BlockEvaluation.check(transposeThenSum(ErrorMode.FAILFAST),
                new BlockSettings(3, 16L << 20), tenMatrices());
        assertEquals(4, counter.blockCount(), "3 + 3 + 3 + 1 rows");
    }

    @Test
    void blocksSplitByBytes() {
        BlockMetrics.Counter counter = BlockEvaluation.check(transposeThenSum(ErrorMode.FAILFAST),
                new BlockSettings(4096, 40), tenMatrices());
        assertEquals(4, counter.blockCount(), "a block closes once it holds 40 bytes: 3 + 3 + 3 + 1 rows");
    }

    @Test
    void anExplodeGivesTheSameRowsInTheSameOrder() {
        EinopsExplode patches = new EinopsExplode(new org.apache.spark.sql.catalyst.expressions.BoundReference(0,
                MATRICES.sparkType(), true), ExplodeTransform.of(Operation.REARRANGE, "b (h p) w -> (b h) p w", null,
                Map.of("p", 1)), ErrorMode.PERMISSIVE, true, scala.Option.apply(MATRICES));
        List<Object> values = Arrays.asList(matrix(2, 3, 0), null, matrix(3, 1, 10), ragged(), matrix(2, 3, 20));
        BlockMetrics.Counter counter = BlockEvaluation.checkExplode(patches, new BlockSettings(2, 16L << 20), values);
        assertEquals(1, counter.malformedCount());
    }
}
