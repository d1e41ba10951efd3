package dev.einops.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElementTypeTest {
    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource({
            // the types of Spark columns
            "BOOL, INT32, INT32", "BOOL, FLOAT64, FLOAT64", "INT32, INT64, INT64", "INT64, FLOAT32, FLOAT32",
            "FLOAT32, FLOAT64, FLOAT64", "INT32, FLOAT32, FLOAT32",
            // equal widths of different kinds, and mixed signedness (numpy's results)
            "FLOAT16, BFLOAT16, FLOAT32", "UINT8, INT8, INT16", "UINT16, INT16, INT32", "UINT32, INT32, INT64",
            "UINT64, INT64, FLOAT64", "UINT64, INT8, FLOAT64", "UINT16, INT8, INT32", "UINT8, INT32, INT32",
            "UINT16, UINT32, UINT32", "FLOAT16, FLOAT64, FLOAT64",
    })
    void promotes(ElementType a, ElementType b, ElementType expected) {
        assertEquals(expected, ElementType.promote(a, b));
        assertEquals(expected, ElementType.promote(b, a), "symmetric");
    }

    @Test
    void everyTypeMeetsItselfInItself() {
        for (ElementType t : ElementType.values()) {
            assertEquals(t, ElementType.promote(t, t));
        }
    }

    @Test
    void labelsAreNumpyNames() {
        assertEquals("float32", ElementType.FLOAT32.label());
        assertEquals("bool", ElementType.BOOL.label());
        assertEquals(DTypeFamily.INTEGER, ElementType.UINT8.family());
        assertEquals(2, ElementType.BFLOAT16.byteWidth());
    }
}
