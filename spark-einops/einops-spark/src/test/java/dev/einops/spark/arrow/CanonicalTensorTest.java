package dev.einops.spark.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

class CanonicalTensorTest {
    private static Field fixed(ArrowType element, int size, String metadata) {
        return new Field("t", new FieldType(true, new ArrowType.FixedSizeList(size), null, Map.of(
                CanonicalTensor.EXTENSION_NAME, CanonicalTensor.FIXED_SHAPE, CanonicalTensor.EXTENSION_METADATA, metadata)),
                List.of(new Field("item", FieldType.nullable(element), null)));
    }

    private static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

    private static String rejection(Field field) {
        return assertThrows(EinopsException.class, () -> CanonicalTensor.of(field)).getMessage();
    }

    @Test
    void aPermutationGivesTheLogicalShapeNamesAndPattern() {
        CanonicalTensor t = CanonicalTensor.of(fixed(FLOAT, 24,
                "{\"shape\":[2,3,4],\"dim_names\":[\"c\",\"h\",\"w\"],\"permutation\":[2,0,1]}")).orElseThrow();
        assertArrayEquals(new long[] {2, 3, 4}, t.shape());
        assertArrayEquals(new long[] {4, 2, 3}, t.logicalShape());
        assertEquals(List.of("w", "c", "h"), t.logicalDimNames());
        assertEquals("a0 a1 a2 -> a2 a0 a1", t.logicalPattern());
        assertTrue(t.permuted());
        assertEquals(ElementType.FLOAT32, t.elementType());
    }

    @Test
    void otherFieldsAreNoTensors() {
        assertEquals(Optional.empty(), CanonicalTensor.of(new Field("x", FieldType.nullable(FLOAT), null)));
        assertEquals(Optional.empty(), CanonicalTensor.of(new Field("u", new FieldType(true, FLOAT, null,
                Map.of(CanonicalTensor.EXTENSION_NAME, "arrow.uuid")), null)));
    }

    @Test
    void metadataThatContradictsItselfOrTheStorageIsRejectedNamingTheColumn() {
        assertEquals("column 't': its arrow.fixed_shape_tensor metadata gives the shape [2, 2] (4 elements) but its "
                + "storage holds lists of 6", rejection(fixed(FLOAT, 6, "{\"shape\":[2,2]}")));
        assertEquals("column 't': its permutation [0, 0] is no permutation of its 2 axes",
                rejection(fixed(FLOAT, 4, "{\"shape\":[2,2],\"permutation\":[0,0]}")));
        assertEquals("column 't': its dim_names [h] do not name its 2 axes",
                rejection(fixed(FLOAT, 4, "{\"shape\":[2,2],\"dim_names\":[\"h\"]}")));
        assertTrue(rejection(fixed(FLOAT, 4, "{shape: 2")).contains("metadata is not JSON"));
        assertTrue(rejection(fixed(FLOAT, 4, "{}")).contains("has no shape"));
        assertTrue(rejection(fixed(FLOAT, 4, "{\"shape\":[2,\"2\"]}")).contains("not an array of integers"));
        assertTrue(rejection(new Field("t", new FieldType(true, FLOAT, null, Map.of(CanonicalTensor.EXTENSION_NAME,
                CanonicalTensor.FIXED_SHAPE, CanonicalTensor.EXTENSION_METADATA, "{\"shape\":[1]}")), null))
                .contains("its storage is"));
    }

    @Test
    void elementsTensorColumnsCannotHoldAreTheirOwnRejection() {
        EinopsException e = assertThrows(CanonicalTensor.UnsupportedElements.class,
                () -> CanonicalTensor.of(fixed(new ArrowType.Int(8, true), 4, "{\"shape\":[4]}")));
        assertTrue(e.getMessage().contains("tensor columns hold float32, float64, int32, int64 or bool"), e.getMessage());
    }

    @Test
    void aVariableShapeWritesItsUniformLengths() {
        CanonicalTensor t = CanonicalTensor.variable("v", ElementType.INT64, new long[] {-1, 3}, List.of("h", "w"));
        assertEquals("v: arrow.variable_shape_tensor {\"uniform_shape\":[null,3],\"dim_names\":[\"h\",\"w\"]}",
                t.toString());
        assertEquals(t, CanonicalTensor.of(t.toField(true)).orElseThrow());
    }
}
