package dev.einops.spark.tensor;

import java.util.Arrays;
import dev.einops.types.ElementType;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Reads one row's tensor from its Spark value (what {@code Expression.eval} returns for the column:
 * {@code ArrayData}, an {@code InternalRow} for the struct and the Vector, a boxed number for a
 * rank-0 nested tensor): first its shape, checking the structure, then its elements, in C order,
 * into native memory. Values in Spark's binary format are copied a contiguous run at a time.
 *
 * <pre>{@code
 * TensorColumnType type = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
 * TensorReader reader = TensorReader.of(type, type.shape());
 * ArrayData value = ArrayData.toArrayData(new float[] {1, 2, 3, 4, 5, 6});
 * long[] shape = reader.shape(value);         // [2, 3]; MalformedTensorException if the row does not fit
 * long address = Platform.allocateMemory(6 * 4);
 * reader.copy(value, shape, address);         // the six floats at address, in C order
 * }</pre>
 */
public abstract sealed class TensorReader {
    final ElementType type;

    private TensorReader(ElementType type) {
        this.type = type;
    }

    /** The reader for a column of {@code columnType}; {@code flatShape} is the shape a flat row is read with (null: one axis). */
    public static TensorReader of(TensorColumnType columnType, long[] flatShape) {
        return switch (columnType.encoding()) {
            case NESTED -> new Nested(columnType.elementType(), columnType.rank());
            case FLAT -> new Flat(columnType.elementType(), flatShape);
            case STRUCT -> new Struct(columnType.elementType());
            case VECTOR -> new Vector();
        };
    }

    /**
     * The shape of {@code value}'s tensor.
     *
     * @throws MalformedTensorException if the value is no tensor of this column's kind
     */
    public abstract long[] shape(Object value);

    /**
     * Writes {@code value}'s elements, whose tensor has {@code shape}, at {@code address} in C order.
     *
     * @throws MalformedTensorException if the value turns out inconsistent (ragged, null elements)
     */
    public abstract void copy(Object value, long[] shape, long address);

    static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Copies {@code n} elements of a primitive array, which must hold no nulls. */
    void copyElements(ArrayData array, long n, long address, long[] shape) {
        if (array.numElements() != n) {
            throw new MalformedTensorException("an innermost array has " + array.numElements()
                    + " elements where the first row of its level has " + n + " (ragged nesting)", shape);
        }
        if (array instanceof UnsafeArrayData unsafe) {
            Object base = unsafe.getBaseObject();
            long offset = unsafe.getBaseOffset();
            for (long b = 8; b < RowImage.header(n); b += 8) {
                if (Platform.getLong(base, offset + b) != 0) {
                    throw nullElement(shape);
                }
            }
            Platform.copyMemory(base, offset + RowImage.header(n), null, address, n * type.byteWidth());
            return;
        }
        int w = type.byteWidth();
        for (int i = 0; i < n; i++) {
            if (array.isNullAt(i)) {
                throw nullElement(shape);
            }
            long at = address + (long) i * w;
            switch (type) {
                case FLOAT32 -> Platform.putFloat(null, at, array.getFloat(i));
                case FLOAT64 -> Platform.putDouble(null, at, array.getDouble(i));
                case INT32 -> Platform.putInt(null, at, array.getInt(i));
                case INT64 -> Platform.putLong(null, at, array.getLong(i));
                case BOOL -> Platform.putByte(null, at, (byte) (array.getBoolean(i) ? 1 : 0));
            }
        }
    }

    private static MalformedTensorException nullElement(long[] shape) {
        return new MalformedTensorException("the tensor holds a null element", shape);
    }

    /** Nested arrays: the shape is the first element's nesting; every other element must agree. */
    static final class Nested extends TensorReader {
        private final int rank;

        Nested(ElementType type, int rank) {
            super(type);
            this.rank = rank;
        }

        @Override
        public long[] shape(Object value) {
            long[] shape = new long[rank];
            Object current = value;
            for (int level = 0; level < rank; level++) {
                ArrayData array = (ArrayData) current;
                shape[level] = array.numElements();
                if (level < rank - 1) {
                    if (array.numElements() == 0) {
                        // an empty level: deeper lengths are unknowable, and there are no elements
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
        public void copy(Object value, long[] shape, long address) {
            if (rank == 0) {
                switch (type) {
                    case FLOAT32 -> Platform.putFloat(null, address, (Float) value);
                    case FLOAT64 -> Platform.putDouble(null, address, (Double) value);
                    case INT32 -> Platform.putInt(null, address, (Integer) value);
                    case INT64 -> Platform.putLong(null, address, (Long) value);
                    case BOOL -> Platform.putByte(null, address, (byte) ((Boolean) value ? 1 : 0));
                }
                return;
            }
            copyLevel((ArrayData) value, 0, shape, address);
        }

        private long copyLevel(ArrayData array, int level, long[] shape, long address) {
            if (level == rank - 1) {
                copyElements(array, shape[level], address, shape);
                return address + shape[level] * type.byteWidth();
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
                at = copyLevel(array.getArray(i), level + 1, shape, at);
            }
            return at;
        }
    }

    /** A flat array read with the column's recorded shape (one length may be inferred), or as one axis. */
    static final class Flat extends TensorReader {
        private final long[] rowShape;

        Flat(ElementType type, long[] rowShape) {
            super(type);
            this.rowShape = rowShape == null ? new long[] {TensorColumnType.UNKNOWN} : rowShape.clone();
        }

        @Override
        public long[] shape(Object value) {
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
        public void copy(Object value, long[] shape, long address) {
            copyElements((ArrayData) value, product(shape), address, shape);
        }
    }

    /** The tensor struct: the shape field says the shape; the data must have its product of elements. */
    static final class Struct extends TensorReader {
        Struct(ElementType type) {
            super(type);
        }

        @Override
        public long[] shape(Object value) {
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
                if (shape[i] < 0) {
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
        public void copy(Object value, long[] shape, long address) {
            copyElements(((InternalRow) value).getArray(1), product(shape), address, shape);
        }
    }

    /** A Spark ML Vector: dense values, or a sparse vector's size, indices and values. */
    static final class Vector extends TensorReader {
        Vector() {
            super(ElementType.FLOAT64);
        }

        @Override
        public long[] shape(Object value) {
            InternalRow row = (InternalRow) value;
            if (row.getByte(0) == 1) {
                return new long[] {row.getArray(3).numElements()};
            }
            return new long[] {row.getInt(1)};
        }

        @Override
        public void copy(Object value, long[] shape, long address) {
            InternalRow row = (InternalRow) value;
            if (row.getByte(0) == 1) {
                copyElements(row.getArray(3), shape[0], address, shape);
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
}
