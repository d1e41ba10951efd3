package dev.einops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spi.HostArray;
import dev.einops.types.EinopsException;
import dev.einops.types.TensorSizeLimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Results too large to hold are refused before any memory is taken, naming the pattern, the
 * result's size and the limit (the plain-Java backend of core's tests would otherwise fail while
 * allocating, or overflow its lengths).
 */
class SizeLimitsTest {
    private static final HostArray IMAGE = Tensors.fromArray(new double[3 * 8 * 8], 3, 8, 8);

    @Test
    void aRepeatToTerabytesIsRefusedWithItsSizeAndTheLimit() {
        EinopsException e = assertThrows(EinopsException.class,
                () -> Einops.repeat(IMAGE, "c h w -> c h w r", Map.of("r", 1_000_000_000_000L)));
        assertEquals("the result [3, 8, 8, 1000000000000] of 8-byte elements needs 1536000000000000 bytes (1.4 PiB), "
                + "more than the limit of 2147483648 bytes (2.0 GiB) per tensor (einops.maxTensorBytes)", e.reason());
        assertEquals("c h w -> c h w r", e.pattern());
        assertEquals("[3, 8, 8]", e.inputShape());
    }

    @Test
    void aResultWhoseBytesOverflowALongIsRefused() {
        // 3 * 8 * 8 * 2^55 elements fit in a long, their bytes do not
        EinopsException e = assertThrows(EinopsException.class,
                () -> Einops.repeat(IMAGE, "c h w -> c h w r", Map.of("r", 1L << 55)));
        assertTrue(e.reason().startsWith("the result [3, 8, 8, 36028797018963968] of 8-byte elements "
                + "needs more than 9223372036854775807 bytes"), e.reason());
    }

    @Test
    void theSystemPropertyAndTheAllocatorBothBoundResults() {
        String before = System.getProperty(TensorSizeLimit.PROPERTY);
        System.setProperty(TensorSizeLimit.PROPERTY, "4k");
        try {
            // 3 * 8 * 8 * 2 * 8 bytes = 3 KiB fits, 3 * 8 * 8 * 3 * 8 does not
            assertArrayEquals(new long[] {3, 8, 8, 2},
                    Tensors.shape(Einops.repeat(IMAGE, "c h w -> c h w r", Map.of("r", 2))));
            EinopsException e = assertThrows(EinopsException.class,
                    () -> Einops.repeat(List.of(IMAGE), "b c h w -> b c h w r", Map.of("r", 3)));
            assertTrue(e.reason().endsWith("more than the limit of 4096 bytes (4.0 KiB) per tensor (einops.maxTensorBytes)"),
                    e.reason());
        } finally {
            restore(before);
        }
        System.setProperty(TensorSizeLimit.PROPERTY, "1t");
        try {
            EinopsException e = assertThrows(EinopsException.class,
                    () -> Einops.repeat(IMAGE, "c h w -> c h w r", Map.of("r", 1_000_000_000)));
            assertTrue(e.reason().endsWith("per tensor (the length of a Java array)"), e.reason());
        } finally {
            restore(before);
        }
    }

    @Test
    void anEinsumOuterProductIsCheckedToo() {
        HostArray a = Tensors.fromArray(new double[4], 4);
        assertArrayEquals(new long[] {4, 4}, Tensors.shape(Einops.einsum("i, j -> i j", a, a)));
        EinopsException e = assertThrows(EinopsException.class, () -> Einops.einsum("i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x -> i j k l m n o p q r s t u v w x",
                a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a));
        assertTrue(e.reason().startsWith("the result [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4] of 8-byte "
                + "elements needs 34359738368 bytes"), e.reason());
        assertEquals("einsum", e.operation());
    }

    @Test
    void aBadSettingNamesItselfAndTheAcceptedForms() {
        String before = System.getProperty(TensorSizeLimit.PROPERTY);
        System.setProperty(TensorSizeLimit.PROPERTY, "lots");
        try {
            EinopsException e = assertThrows(EinopsException.class,
                    () -> Einops.repeat(IMAGE, "c h w -> c h w r", Map.of("r", 2)));
            assertEquals("einops.maxTensorBytes must be a size in bytes such as 2147483648, 512m or 2g, got 'lots'",
                    e.reason());
        } finally {
            restore(before);
        }
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(TensorSizeLimit.PROPERTY);
        } else {
            System.setProperty(TensorSizeLimit.PROPERTY, before);
        }
    }
}
