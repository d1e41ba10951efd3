package dev.einops.spark.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.EinopsException;
import dev.einops.internal.recipe.Operation;
import dev.einops.types.ElementType;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowTransformTest {
    private static final TensorColumnType IMAGES = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32,
            new long[] {3, 64, 64});

    private static RowTransform rowStep(Operation op, String pattern, String reduction, Map<String, Integer> lengths) {
        return RowTransform.of(op, pattern, reduction, lengths, false);
    }

    @Test
    void theOutputTypeIsKnownFromTheInputTypeAlone() {
        TensorColumnType out = rowStep(Operation.REARRANGE, "c h w -> h w c", null, Map.of()).outputType(IMAGES);
        assertEquals(TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {64, 64, 3}), out);
        TensorColumnType pooled = rowStep(Operation.REDUCE, "c (h 2) (w 2) -> c h w", "max", Map.of()).outputType(IMAGES);
        assertArrayEquals(new long[] {3, 32, 32}, pooled.shape());
        TensorColumnType unknownLengths = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {-1, -1, -1});
        assertArrayEquals(new long[] {-1, -1, -1},
                rowStep(Operation.REPEAT, "c h w -> c (h 2) w", null, Map.of()).outputType(unknownLengths).shape());
    }

    @Test
    void reductionsFollowEinopsTypeRules() {
        TensorColumnType bools = TensorColumnType.of(TensorEncoding.STRUCT, ElementType.BOOL, new long[] {4, 5});
        assertEquals(ElementType.INT64, rowStep(Operation.REDUCE, "a b -> a", "sum", Map.of()).outputType(bools).elementType());
        assertEquals(ElementType.BOOL, rowStep(Operation.REDUCE, "a b -> a", "any", Map.of()).outputType(bools).elementType());
        assertEquals(ElementType.BOOL, rowStep(Operation.REDUCE, "a b -> a b", "sum", Map.of()).outputType(bools)
                .elementType(), "reducing nothing keeps the type");
        TensorColumnType ints = TensorColumnType.of(TensorEncoding.FLAT, ElementType.INT32, new long[] {4, 5});
        EinopsException e = assertThrows(EinopsException.class,
                () -> rowStep(Operation.REDUCE, "a b -> a", "mean", Map.of()).outputType(ints));
        assertTrue(e.getMessage().contains("mean is not available for integer tensors"), e.getMessage());
    }

    @Test
    void aRankMismatchExplainsTheTwoKindsOfPattern() {
        EinopsException rowKind = assertThrows(EinopsException.class,
                () -> rowStep(Operation.REARRANGE, "b c h w -> b h w c", null, Map.of()).outputType(IMAGES));
        assertTrue(rowKind.getMessage().contains("Wrong shape: expected 4 dims. Received 3-dim tensor: the pattern names 4 of each row's tensor, but the column holds tensors of rank 3"),
                rowKind.getMessage());
        assertTrue(rowKind.getMessage().contains("a column function's pattern describes one row's tensor"),
                rowKind.getMessage());
        RowTransform verb = RowTransform.of(Operation.REARRANGE, "b h w -> b w h", null, Map.of(), true);
        EinopsException batchKind = assertThrows(EinopsException.class, () -> verb.outputType(IMAGES));
        assertTrue(batchKind.getMessage().contains("Wrong shape: expected 3 dims. Received 4-dim tensor: the pattern names the row axis and 2 of each row's tensor"), batchKind.getMessage());
        assertTrue(batchKind.getMessage().contains("pattern \"b h w -> b w h\""), batchKind.getMessage());
    }

    @Test
    void knownLengthsThatThePatternCannotSplitFailAtAnalysis() {
        EinopsException e = assertThrows(EinopsException.class,
                () -> rowStep(Operation.REARRANGE, "c (h h3) w -> c h h3 w", null, Map.of("h3", 3)).outputType(IMAGES));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
        assertTrue(e.getMessage().contains("c (h h3) w -> c h h3 w"), e.getMessage());
    }

    @Test
    void flatColumnsAreReadAsOneAxisByAOneGroupPattern() {
        TensorColumnType flat = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT64, new long[] {2, 3, 4});
        RowTransform split = rowStep(Operation.REARRANGE, "(c h w) -> h w c", null, Map.of("c", 2, "h", 3));
        assertArrayEquals(new long[] {24}, split.readShape(flat));
        assertArrayEquals(new long[] {3, 4, 2}, split.outputType(flat).shape());
        RowTransform whole = rowStep(Operation.REARRANGE, "c h w -> w h c", null, Map.of());
        assertArrayEquals(new long[] {4, 3, 2}, whole.outputType(flat).shape());
    }

    @Test
    void aVectorsResultIsOneAxisOfDoubles() {
        TensorColumnType vectors = TensorColumnType.of(TensorEncoding.VECTOR, ElementType.FLOAT64, new long[] {6});
        assertArrayEquals(new long[] {6}, rowStep(Operation.REARRANGE, "(a b) -> (b a)", null, Map.of("a", 2))
                .outputType(vectors).shape());
        EinopsException e = assertThrows(EinopsException.class,
                () -> rowStep(Operation.REARRANGE, "(a b) -> a b", null, Map.of("a", 2)).outputType(vectors));
        assertTrue(e.getMessage().contains("a Vector column's result must be one axis of doubles"), e.getMessage());
    }

    @Test
    void aStructOfUnknownRankIsTypedWithoutAShape() {
        TensorColumnType struct = TensorColumnType.of(TensorEncoding.STRUCT, ElementType.INT32, null);
        TensorColumnType out = rowStep(Operation.REDUCE, "a b -> a", "sum", Map.of()).outputType(struct);
        assertNull(out.shape());
        assertEquals(ElementType.INT64, out.elementType());
    }

    @Test
    void badPatternsNamesAndReductionsFailWhenTheStepIsMade() {
        EinopsException pattern = assertThrows(EinopsException.class,
                () -> rowStep(Operation.REARRANGE, "c h w -> h w", null, Map.of()));
        assertTrue(pattern.getMessage().contains("{c}"), pattern.getMessage());
        EinopsException reduction = assertThrows(EinopsException.class,
                () -> rowStep(Operation.REDUCE, "c h w -> c", "median", Map.of()));
        assertTrue(reduction.getMessage().contains("Unknown reduction 'median'"), reduction.getMessage());
        EinopsException moved = assertThrows(EinopsException.class,
                () -> RowTransform.of(Operation.REARRANGE, "b c -> c b", null, Map.of(), true));
        assertTrue(moved.getMessage().contains("row axis b must stay first and alone"), moved.getMessage());
    }

    @Test
    void theBlockPatternPutsAFreshRowAxisInFront() {
        assertEquals("rows c h w -> rows h w c", rowStep(Operation.REARRANGE, "c h w -> h w c", null, Map.of()).blockPattern());
        assertEquals("rows1 rows w -> rows1 w rows",
                rowStep(Operation.REARRANGE, "rows w -> w rows", null, Map.of()).blockPattern());
    }

    @Test
    void stepsSurviveJavaSerializationAsEqualValues() throws Exception {
        RowTransform step = rowStep(Operation.REDUCE, "c (h h2) w -> c h w", "mean", Map.of("h2", 2));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(step);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            RowTransform back = (RowTransform) in.readObject();
            assertEquals(step, back);
            assertEquals(step.hashCode(), back.hashCode());
            assertEquals("mean-reduction 'c (h h2) w -> c h w' {h2=2}", back.describe());
        }
    }
}
