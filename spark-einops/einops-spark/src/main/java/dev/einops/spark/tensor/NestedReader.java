package dev.einops.spark.tensor;

import dev.einops.types.ElementType;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * The {@link TensorReader} of a nested-array column: the shape is the first element's nesting,
 * every other element must agree, and a rank-0 tensor is a boxed number.
 */
final class NestedReader extends TensorReader {
    private final int rank;

    NestedReader(ElementType type, int rank) {
        super(type);
        this.rank = rank;
    }

    @Override
    long[] structuralShape(Object value) {
        long[] shape = new long[rank];
        Object current = value;
        for (int level = 0; level < rank; level++) {
            ArrayData array = (ArrayData) current;
            shape[level] = array.numElements();
            if (level < rank - 1) {
                if (array.numElements() == 0) {
                    // an empty level: deeper lengths are unknowable, and there are no elements
                    Arrays.fill(shape, level + 1, rank, -1);
                    return shape;
                }
                if (array.isNullAt(0)) {
                    throw new MalformedTensorException("the tensor holds a null array at nesting level "
                            + (level + 1), Arrays.copyOf(shape, level + 1));
                }
                current = array.getArray(0);
            }
        }
        return shape;
    }

    @Override
    void copy(Object value, long[] shape, long address, boolean widen) {
        if (rank == 0) {
            switch (type) {
                case FLOAT32 -> {
                    if (widen) {
                        Platform.putDouble(null, address, (Float) value);
                    } else {
                        Platform.putFloat(null, address, (Float) value);
                    }
                }
                case FLOAT64 -> Platform.putDouble(null, address, (Double) value);
                case INT32 -> Platform.putInt(null, address, (Integer) value);
                case INT64 -> Platform.putLong(null, address, (Long) value);
                case BOOL -> Platform.putByte(null, address, (byte) ((Boolean) value ? 1 : 0));
            }
            return;
        }
        copyLevel((ArrayData) value, 0, shape, address, widen);
    }

    @Override
    void checkStructure(Object value, long[] shape) {
        if (rank > 0) {
            checkLevel((ArrayData) value, 0, shape);
        }
    }

    private void checkLevel(ArrayData array, int level, long[] shape) {
        if (array.numElements() != shape[level]) {
            throw new MalformedTensorException("an array at nesting level " + (level + 1) + " has "
                    + array.numElements() + " elements where the first has " + shape[level] + " (ragged nesting)",
                    shape);
        }
        for (int i = 0; i < shape[level]; i++) {
            if (array.isNullAt(i)) {
                throw new MalformedTensorException(level == rank - 1 ? "the tensor holds a null element"
                        : "the tensor holds a null array at nesting level " + (level + 2), shape);
            }
            if (level < rank - 1) {
                checkLevel(array.getArray(i), level + 1, shape);
            }
        }
    }

    private long copyLevel(ArrayData array, int level, long[] shape, long address, boolean widen) {
        if (level == rank - 1) {
            copyElements(array, shape[level], address, shape, widen);
            return address + shape[level] * width(widen);
        }
        if (array.numElements() != shape[level]) {
            throw new MalformedTensorException("an array at nesting level " + (level + 1) + " has "
                    + array.numElements() + " elements where the first has " + shape[level] + " (ragged nesting)",
                    shape);
        }
        long at = address;
        for (int i = 0; i < shape[level]; i++) {
            if (array.isNullAt(i)) {
                throw new MalformedTensorException("the tensor holds a null array at nesting level "
                        + (level + 2), shape);
            }
            at = copyLevel(array.getArray(i), level + 1, shape, at, widen);
        }
        return at;
    }
}
