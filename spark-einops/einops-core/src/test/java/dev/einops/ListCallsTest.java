package dev.einops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.einops.spi.HostArray;
import dev.einops.types.EinopsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** einsum, pack and unpack through the public API, on the plain-Java backend of core's tests. */
class ListCallsTest {
    @Test
    void anOverflowingPackedShapeIsARejectionInContext() {
        HostArray x = Tensors.fromArray(new double[5], 5);
        long big = 1L << 32;
        // before, an ArithmeticException reported as "the tensor library failed"
        EinopsException e = assertThrows(EinopsException.class,
                () -> Einops.unpack(x, List.of(new long[] {big, big}), "*"));
        assertEquals("Error while processing unpack pattern \"*\": Error during unpack(..., \"*\"): could not split"
                + " axis of size 5 into requested [[4294967296, 4294967296]]: packed shape [4294967296, 4294967296]"
                + " has more than 2^63 - 1 elements\n Input tensor shape: [5]. Axes lengths: {}.", e.getMessage());
    }
}
