package dev.einops.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.einops.testkit.Serialization;
import dev.einops.types.EinopsException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AxesLengthsTest {
    @Test
    void everyIntegralNumberThatFitsIsALength() {
        Map<String, Number> given = new LinkedHashMap<>();
        given.put("a", (byte) 1);
        given.put("b", (short) 2);
        given.put("c", 3);
        given.put("d", 4L);
        given.put("e", new AtomicInteger(5));
        given.put("f", new AtomicLong(6));
        given.put("g", BigInteger.valueOf(7));
        given.put("h", new BigDecimal("8.000"));
        AxesLengths lengths = AxesLengths.of(given);
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h"), lengths.names());
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, lengths.values());
        assertEquals("{a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8}", lengths.asMap().toString());
    }

    @Test
    void nothingIsRoundedOrTruncated() {
        assertEquals("Axis length for h must be an integer, got 2.5 (Double)", reason(Map.of("h", 2.5)));
        assertEquals("Axis length for h must be an integer, got 2.5 (BigDecimal)",
                reason(Map.of("h", new BigDecimal("2.5"))));
        // 2^64 + 3 used to become 3 in layers
        assertEquals("Axis length for h must be a 64-bit integer, got 18446744073709551619",
                reason(Map.of("h", BigInteger.TWO.pow(64).add(BigInteger.valueOf(3)))));
        assertEquals("Axis length for h must be a 64-bit integer, got 1E+19",
                reason(Map.of("h", new BigDecimal("1E+19"))));
        Map<String, Number> nulls = new HashMap<>();
        nulls.put("h", null);
        assertEquals("Axis length for h must be an integer, got null", reason(nulls));
        nulls.clear();
        nulls.put(null, 2);
        assertEquals("Axis name is null", reason(nulls));
    }

    @Test
    void negativeLengthsAreLeftToThePlanUnlessRequired() {
        AxesLengths lengths = AxesLengths.of(Map.of("c", -2));
        assertArrayEquals(new long[] {-2}, lengths.values());
        assertEquals("Axis length for c must be a non-negative integer, got -2",
                assertThrows(EinopsException.class, lengths::requireNonNegative).reason());
    }

    @Test
    void anImmutableSerializableValue() {
        AxesLengths lengths = AxesLengths.of(Map.of("h", 2));
        lengths.values()[0] = 99;
        assertArrayEquals(new long[] {2}, lengths.values());
        assertEquals(AxesLengths.of(Map.of("h", 2L)), lengths);
        assertEquals(AxesLengths.of(Map.of("h", 2L)).hashCode(), lengths.hashCode());
        assertEquals(lengths, Serialization.roundTrip(lengths));
        assertSame(AxesLengths.NONE, AxesLengths.of(null));
    }

    private static String reason(Map<String, ? extends Number> given) {
        return assertThrows(EinopsException.class, () -> AxesLengths.of(given)).reason();
    }
}
