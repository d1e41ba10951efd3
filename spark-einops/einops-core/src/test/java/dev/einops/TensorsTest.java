package dev.einops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;
import dev.einops.types.EinopsException;
import org.junit.jupiter.api.Test;

/** Conversions through the default backend, which in core's tests is the plain-Java one. */
class TensorsTest {
    @Test
    void fromArrayAndBack() {
        HostArray x = Tensors.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new long[] {2, 3}, Tensors.shape(x));
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, Tensors.toDoubleArray(Einops.rearrange(x, "a b -> b a")));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensors.toFloatArray(x));
        assertArrayEquals(new long[] {1, 2, 3}, Tensors.toLongArray(Tensors.fromArray(new int[] {1, 2, 3}, 3)));
        assertArrayEquals(new int[] {0, 1, 1}, Tensors.toIntArray(Tensors.fromArray(new boolean[] {false, true, true}, 3)));
        assertArrayEquals(new boolean[] {true, false}, Tensors.toBooleanArray(Tensors.fromArray(new long[] {7, 0}, 2)));
        HostArray host = Tensors.toHost(x);
        assertEquals(DTypeFamily.FLOATING, host.family());
        assertEquals(x, Tensors.toHost(Tensors.<HostArray>fromHost(host)));
        HostArray scalar = Tensors.fromArray(new double[] {2.5});
        assertEquals(0, Tensors.shape(scalar).length);
    }

    @Test
    void wrongSizesAndValuesAreRejected() {
        EinopsException e = assertThrows(EinopsException.class, () -> Tensors.fromArray(new double[] {1, 2, 3}, 2, 2));
        assertTrue(e.reason().contains("Shape [2, 2] needs 4 values, got 3"), e.getMessage());
        HostArray big = Tensors.fromArray(new long[] {1L << 40}, 1);
        assertEquals("Value 1099511627776 at flat index 0 does not fit in an int",
                assertThrows(EinopsException.class, () -> Tensors.toIntArray(big)).reason());
        assertTrue(assertThrows(EinopsException.class, () -> Tensors.shape("not a tensor")).reason()
                .startsWith("No einops backend for tensors of type java.lang.String"));
        assertEquals("Shape [2] needs 2 values, got 3", assertThrows(EinopsException.class,
                () -> new HostArray(new long[] {2}, DTypeFamily.FLOATING, new double[3], null, null)).reason());
    }
}
