package dev.einops.spark.tensor;

import dev.einops.types.ElementType;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * The {@link TensorReader} of a tensor-struct column: the shape field says the shape, and the data
 * must hold its product of elements. The fields are where the column's {@link
 * TensorColumnType.StructLayout} says, the shape's lengths of any integer width.
 */
final class StructReader extends TensorReader {
    private final TensorColumnType.StructLayout layout;

    StructReader(ElementType type, TensorColumnType.StructLayout layout) {
        super(type);
        this.layout = layout;
    }

    @Override
    long[] structuralShape(Object value) {
        InternalRow row = (InternalRow) value;
        int shapeAt = layout.shapeOrdinal();
        int dataAt = layout.dataOrdinal();
        if (row.isNullAt(shapeAt) || row.isNullAt(dataAt)) {
            throw new MalformedTensorException("the tensor struct has a null "
                    + (row.isNullAt(shapeAt) ? "shape" : "data"), null);
        }
        ArrayData shapeArray = row.getArray(shapeAt);
        long[] shape = new long[shapeArray.numElements()];
        for (int i = 0; i < shape.length; i++) {
            if (shapeArray.isNullAt(i)) {
                throw new MalformedTensorException("the tensor struct's shape holds a null length", null);
            }
            shape[i] = switch (layout.shapeWidth()) {
                case 1 -> shapeArray.getByte(i);
                case 2 -> shapeArray.getShort(i);
                case 8 -> shapeArray.getLong(i);
                default -> shapeArray.getInt(i);
            };
        }
        for (long length : shape) {
            if (length < 0) {
                throw new MalformedTensorException("the tensor struct's shape " + Arrays.toString(shape)
                        + " has a negative length", shape);
            }
        }
        long n = row.getArray(dataAt).numElements();
        long expected;
        try {
            expected = product(shape);
        } catch (ArithmeticException e) {
            throw new MalformedTensorException("the tensor struct's shape " + Arrays.toString(shape)
                    + " has more elements than a long counts", shape);
        }
        if (expected != n) {
            throw new MalformedTensorException("the tensor struct's data has " + n + " elements but its shape "
                    + Arrays.toString(shape) + " has " + expected, shape);
        }
        return shape;
    }

    @Override
    void copy(Object value, long[] shape, long address, boolean widen) {
        copyElements(((InternalRow) value).getArray(layout.dataOrdinal()), product(shape), address, shape, widen);
    }
}
