package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jTypesTest {
    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource({
            "BOOL, BYTE, BYTE", "UBYTE, FLOAT, FLOAT", "LONG, HALF, HALF",
            "INT, LONG, LONG", "HALF, DOUBLE, DOUBLE", "UINT16, UINT32, UINT32",
            // equal widths of different kinds, and mixed signedness (numpy's results)
            "HALF, BFLOAT16, FLOAT", "UBYTE, BYTE, SHORT", "UINT16, SHORT, INT", "UINT32, INT, LONG",
            "UINT64, LONG, DOUBLE", "UINT64, BYTE, DOUBLE", "UINT16, BYTE, INT", "UBYTE, INT, INT",
    })
    void promotesAsNumpyDoes(DataType a, DataType b, DataType expected) {
        assertEquals(expected, Nd4jTypes.promote(a, b));
        assertEquals(expected, Nd4jTypes.promote(b, a), "symmetric");
    }

    @Test
    void concatenatingSignedAndUnsignedBytesKeepsEveryValue() {
        INDArray unsigned = Nd4j.createFromArray(200, 5).castTo(DataType.UBYTE);
        INDArray signed = Nd4j.createFromArray(-100, 7).castTo(DataType.BYTE);
        INDArray both = new Nd4jBackend().concat(List.of(unsigned, signed), 0);
        assertEquals(DataType.SHORT, both.dataType());
        assertEquals(Nd4j.createFromArray(200, 5, -100, 7).castTo(DataType.SHORT), both);
    }
}
