package dev.einops.spark.tensor;

import dev.einops.types.ElementType;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * The {@link TensorReader} of a tensor-struct column: the shape field says the shape, and the data
 * must hold its product of elements.
 */
final class StructReader extends TensorReader {
    StructReader(ElementType type) {
        super(type);
    }

    @Override
    long[] structuralShape(Object value) {
        InternalRow row = (InternalRow) value;
        if (row.isNullAt(0) || row.isNullAt(1)) {
            throw new MalformedTensorException("the tensor struct has a null " + (row.isNullAt(0) ? "shape" : "data"),
                    null);
        }
        ArrayData shapeArray = row.getArray(0);
        long[] shape = new long[shapeArray.numElements()];
        for (int i = 0; i < shape.length; i++) {
            if (shapeArray.isNullAt(i)) {
                throw new MalformedTensorException("the tensor struct's shape holds a null length", null);
            }
            shape[i] = shapeArray.getInt(i);
        }
        for (long length : shape) {
            if (length < 0) {
                throw new MalformedTensorException("the tensor struct's shape " + Arrays.toString(shape)
                        + " has a negative length", shape);
            }
        }
        long n = row.getArray(1).numElements();
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
        copyElements(((InternalRow) value).getArray(1), product(shape), address, shape, widen);
    }
}
