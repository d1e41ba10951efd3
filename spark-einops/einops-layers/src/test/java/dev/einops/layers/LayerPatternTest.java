package dev.einops.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.einops.types.EinopsException;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Layers check axis lengths with core's one validator, and also require them non-negative. */
class LayerPatternTest {
    @Test
    void aLengthTooLargeForALongIsRejectedNotTruncated() {
        BigInteger twoTo64Plus3 = BigInteger.TWO.pow(64).add(BigInteger.valueOf(3));
        EinopsException e = assertThrows(EinopsException.class,
                () -> new Rearrange("b (c h) -> b c h", Map.of("h", twoTo64Plus3)));
        assertEquals("Axis length for h must be a 64-bit integer, got 18446744073709551619", e.reason());
        assertEquals("Rearrange", e.operation());
        assertEquals("b (c h) -> b c h", e.pattern());
    }

    @Test
    void atomicLengthsAreIntegersAsInCalls() {
        Rearrange r = new Rearrange("b (c h) -> b c h", Map.of("h", new AtomicInteger(3)));
        assertEquals(Map.of("h", 3L), r.axesLengths());
    }

    @Test
    void negativeAndFractionalLengthsFailWhenTheLayerIsBuilt() {
        assertEquals("Axis length for c must be a non-negative integer, got -1",
                assertThrows(EinopsException.class, () -> new Rearrange("b c -> c b", Map.of("c", -1))).reason());
        assertEquals("Axis length for c must be an integer, got 2.5 (Double)",
                assertThrows(EinopsException.class, () -> new Reduce("b c -> b", "sum", Map.of("c", 2.5))).reason());
    }
}
