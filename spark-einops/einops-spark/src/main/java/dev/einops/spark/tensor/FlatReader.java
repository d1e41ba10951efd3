package dev.einops.spark.tensor;

import dev.einops.types.ElementType;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * The {@link TensorReader} of a flat-array column: the array is read with the column's recorded
 * shape (one length may be inferred from the number of elements), or as one axis.
 */
final class FlatReader extends TensorReader {
    private final long[] rowShape;

    FlatReader(ElementType type, long[] rowShape) {
        super(type);
        this.rowShape = rowShape == null ? new long[] {TensorColumnType.UNKNOWN} : rowShape.clone();
    }

    @Override
    long[] structuralShape(Object value) {
        long n = ((ArrayData) value).numElements();
        long[] shape = rowShape.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                if (unknown >= 0) {
                    throw new MalformedTensorException("the column's recorded shape " + ShapeText.of(rowShape)
                            + " leaves more than one length unknown, so a flat row of " + n + " elements cannot be"
                            + " read with it", null);
                }
                unknown = i;
            } else {
                known *= shape[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 ? n != 0 : n % known != 0) {
                throw new MalformedTensorException("a flat row of " + n + " elements does not fit the column's shape "
                        + ShapeText.of(rowShape), new long[] {n});
            }
            shape[unknown] = known == 0 ? 0 : n / known;
        } else if (known != n) {
            throw new MalformedTensorException("a flat row of " + n + " elements does not fit the column's shape "
                    + ShapeText.of(rowShape) + ", which has " + known, new long[] {n});
        }
        return shape;
    }

    @Override
    void copy(Object value, long[] shape, long address, boolean widen) {
        copyElements((ArrayData) value, product(shape), address, shape, widen);
    }
}
