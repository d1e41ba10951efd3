package dev.einops.spark.tensor;

import dev.einops.types.ElementType;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * The {@link TensorReader} of a Spark ML Vector column: a dense vector's values, or a sparse
 * vector's size, indices and values, as one axis of doubles.
 */
final class VectorReader extends TensorReader {
    VectorReader() {
        super(ElementType.FLOAT64);
    }

    @Override
    long[] structuralShape(Object value) {
        InternalRow row = (InternalRow) value;
        if (row.getByte(0) == 1) {
            return new long[] {row.getArray(3).numElements()};
        }
        return new long[] {row.getInt(1)};
    }

    @Override
    void copy(Object value, long[] shape, long address, boolean widen) {
        InternalRow row = (InternalRow) value;
        if (row.getByte(0) == 1) {
            copyElements(row.getArray(3), shape[0], address, shape, false);
            return;
        }
        Platform.setMemory(address, (byte) 0, shape[0] * 8);
        ArrayData indices = row.getArray(2);
        ArrayData values = row.getArray(3);
        for (int i = 0; i < indices.numElements(); i++) {
            int at = indices.getInt(i);
            if (at < 0 || at >= shape[0]) {
                throw new MalformedTensorException("a sparse vector of size " + shape[0] + " has index " + at, shape);
            }
            Platform.putDouble(null, address + 8L * at, values.getDouble(i));
        }
    }
}
