package dev.einops.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReductionRulesTest {
    @ParameterizedTest(name = "{0} of {1} -> {2}")
    @CsvSource({
            "SUM, BOOL, INT64", "SUM, INT32, INT64", "SUM, INT64, INT64", "SUM, FLOAT32, FLOAT32",
            "PROD, UINT8, INT64", "PROD, FLOAT64, FLOAT64",
            "MIN, BOOL, BOOL", "MAX, INT32, INT32", "MAX, FLOAT32, FLOAT32",
            "MEAN, FLOAT32, FLOAT32", "MEAN, FLOAT64, FLOAT64",
            "ANY, FLOAT64, BOOL", "ALL, INT64, BOOL", "ANY, BOOL, BOOL",
    })
    void resultTypesFollowNumpy(Reduction reduction, ElementType input, ElementType expected) {
        assertEquals(expected, ReductionRules.resultType(reduction, input));
    }

    @Test
    void meanOfIntegersIsRejected() {
        EinopsException e = assertThrows(EinopsException.class,
                () -> ReductionRules.resultType(Reduction.MEAN, ElementType.INT32));
        assertTrue(e.reason().startsWith("mean is not available for integer tensors"), e.reason());
    }

    @Test
    void identities() {
        assertEquals(OptionalDouble.of(0), ReductionRules.identity(Reduction.SUM));
        assertEquals(OptionalDouble.of(1), ReductionRules.identity(Reduction.PROD));
        assertEquals(OptionalDouble.of(0), ReductionRules.identity(Reduction.ANY));
        assertEquals(OptionalDouble.of(1), ReductionRules.identity(Reduction.ALL));
        assertTrue(Double.isNaN(ReductionRules.identity(Reduction.MEAN).orElseThrow()));
        assertEquals(OptionalDouble.empty(), ReductionRules.identity(Reduction.MIN));
        assertEquals(OptionalDouble.empty(), ReductionRules.identity(Reduction.MAX));
    }

    @Test
    void emptyReductionsTakeTheIdentityOrFailWithoutOne() {
        assertEquals(1, ReductionRules.emptyReductionValue(Reduction.PROD, new long[] {0, 3}, new int[] {0}));
        EinopsException e = assertThrows(EinopsException.class,
                () -> ReductionRules.emptyReductionValue(Reduction.MAX, new long[] {2, 0, 3}, new int[] {1}));
        assertEquals("zero-size array to reduction operation max which has no identity: axes [1] of shape [2, 0, 3]"
                + " have no elements", e.reason());
        // nothing to fill: the result is empty too
        assertEquals(0, ReductionRules.emptyReductionValue(Reduction.MIN, new long[] {0, 0}, new int[] {0}));
    }

    @Test
    void reducedAxesAreDropped() {
        assertArrayEquals(new long[] {3}, ReductionRules.reducedShape(new long[] {2, 3, 4}, new int[] {0, 2}));
        assertArrayEquals(new long[0], ReductionRules.reducedShape(new long[] {5}, new int[] {0}));
        assertArrayEquals(new long[] {-1, 4}, ReductionRules.reducedShape(new long[] {-1, 2, 4}, new int[] {1}));
    }
}
