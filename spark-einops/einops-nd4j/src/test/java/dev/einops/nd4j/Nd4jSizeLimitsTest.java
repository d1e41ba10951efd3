package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.types.EinopsException;
import dev.einops.types.TensorSizeLimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * On ND4J a result too large to hold is refused before the pool or ND4J is asked for memory (it
 * used to end in {@code OutOfMemoryError: Unable to allocate} from the pool).
 */
class Nd4jSizeLimitsTest {
    private static final INDArray IMAGE = Nd4j.rand(DataType.FLOAT, 3, 8, 8);

    @Test
    void aRepeatToTerabytesIsAnEinopsExceptionNotAnOutOfMemoryError() {
        EinopsException e = assertThrows(EinopsException.class,
                () -> Einops.repeat(IMAGE, "c h w -> c h w r", Map.of("r", 1_000_000_000_000L)));
        assertEquals("the result [3, 8, 8, 1000000000000] of 4-byte elements needs 768000000000000 bytes (698.5 TiB), "
                + "more than the limit of " + expectedLimit() + " per tensor (" + expectedSetting() + ")", e.reason());
        assertTrue(e.getMessage().startsWith("Error while processing repeat pattern \"c h w -> c h w r\""),
                e.getMessage());
        assertEquals("[3, 8, 8]", e.inputShape());
    }

    @Test
    void listsAndEinsumAreCheckedOnNd4jToo() {
        assertThrows(EinopsException.class,
                () -> Einops.repeat(List.of(IMAGE, IMAGE), "b c h w -> b c h w r", Map.of("r", 1L << 40)));
        INDArray v = Nd4j.rand(DataType.DOUBLE, 100_000);
        EinopsException e = assertThrows(EinopsException.class, () -> Einops.einsum("i, j, k -> i j k", v, v, v));
        assertTrue(e.reason().startsWith("the result [100000, 100000, 100000] of 8-byte elements"), e.reason());
    }

    @Test
    void resultsWithinTheLimitAreMadeAsBefore() {
        INDArray y = Einops.repeat(IMAGE, "c h w -> c h w r", Map.of("r", 2));
        assertArrayEquals(new long[] {3, 8, 8, 2}, y.shape());
        assertEquals(IMAGE.getFloat(2, 7, 5), y.getFloat(2, 7, 5, 1));
    }

    private static String expectedLimit() {
        long bytes = new Nd4jBackend().sizeLimit(TensorSizeLimit.fromSystemProperties()).bytes();
        return bytes + " bytes (" + TensorSizeLimit.readable(bytes) + ")";
    }

    private static String expectedSetting() {
        return new Nd4jBackend().sizeLimit(TensorSizeLimit.fromSystemProperties()).setting();
    }
}
