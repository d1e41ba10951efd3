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
    /** The lengths every row has (-1 where rows may differ), or null: checked, and filled in past an empty level. */
    private long[] declared;

    private TensorReader(ElementType type) {
        this.type = type;
    }

    /** The reader for a column of {@code columnType}; {@code flatShape} is the shape a flat row is read with (null: one axis). */
    public static TensorReader of(TensorColumnType columnType, long[] flatShape) {
        TensorReader reader = switch (columnType.encoding()) {
            case NESTED -> new Nested(columnType.elementType(), columnType.rank());
            case FLAT -> new Flat(columnType.elementType(), flatShape);
            case STRUCT -> new Struct(columnType.elementType());
            case VECTOR -> new Vector();
        };
        reader.declared = columnType.encoding() == TensorEncoding.FLAT ? flatShape : columnType.shape();
        return reader;
    }

    /**
     * The shape of {@code value}'s tensor, checked against the lengths the column records for every
     * row; lengths the value cannot tell (below an empty level of nested arrays) are the recorded
     * ones, or 0.
     *
     * @throws MalformedTensorException if the value is no tensor of this column's kind
     */
    public final long[] shape(Object value) {
        long[] shape = structuralShape(value);
        if (declared == null) {
            return fillUnknown(shape, null);
        }
        if (shape.length != declared.length) {
            throw new MalformedTensorException("the row's tensor has rank " + shape.length + " but the column's has rank "
                    + declared.length, shape);
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && declared[i] >= 0 && shape[i] != declared[i]) {
                throw new MalformedTensorException("the row's tensor has shape " + ShapeText.of(shape)
                        + " but the column records every row as " + ShapeText.of(declared), shape);
            }
        }
        return fillUnknown(shape, declared);
    }

    private static long[] fillUnknown(long[] shape, long[] declared) {
        long[] out = shape.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) {
                out[i] = declared != null && declared[i] >= 0 ? declared[i] : 0;
            }
        }
        return out;
    }

    /** The value's shape as its structure shows it: -1 for lengths it cannot tell. */
    abstract long[] structuralShape(Object value);

    /**
     * Writes {@code value}'s elements, whose tensor has {@code shape}, at {@code address} in C order.
     *
     * @throws MalformedTensorException if the value turns out inconsistent (ragged, null elements)
     */
    public final void copy(Object value, long[] shape, long address) {
        copy(value, shape, address, false);
    }

    /**
     * {@link #copy} that writes float32 elements as float64, for reductions that accumulate in double;
     * other types are copied as they are.
     */
    public final void copyWidened(Object value, long[] shape, long address) {
        copy(value, shape, address, type == ElementType.FLOAT32);
    }

    abstract void copy(Object value, long[] shape, long address, boolean widen);

    /** Bytes per element written at an address: the column's width, or 8 when float32 is widened. */
    int width(boolean widen) {
        return widen ? 8 : type.byteWidth();
    }

    static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Copies {@code n} elements of a primitive array, which must hold no nulls. */
    void copyElements(ArrayData array, long n, long address, long[] shape, boolean widen) {
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
            if (widen) {
                long from = offset + RowImage.header(n);
                for (long i = 0; i < n; i++) {
                    Platform.putDouble(null, address + 8 * i, Platform.getFloat(base, from + 4 * i));
                }
            } else {
                Platform.copyMemory(base, offset + RowImage.header(n), null, address, n * type.byteWidth());
            }
            return;
        }
        int w = width(widen);
        for (int i = 0; i < n; i++) {
            if (array.isNullAt(i)) {
                throw nullElement(shape);
            }
            long at = address + (long) i * w;
            switch (type) {
                case FLOAT32 -> {
                    if (widen) {
                        Platform.putDouble(null, at, array.getFloat(i));
                    } else {
                        Platform.putFloat(null, at, array.getFloat(i));
                    }
                }
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
        long[] structuralShape(Object value) {
            long[] shape = new long[rank];
            Object current = value;
            for (int level = 0; level < rank; level++) {
                ArrayData array = (ArrayData) current;
                shape[level] = array.numElements();
                if (level < rank - 1) {
                    if (array.numElements() == 0) {
                        // an empty level: deeper lengths are unknowable, and there are no elements
                        java.util.Arrays.fill(shape, level + 1, rank, -1);
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

    /** A flat array read with the column's recorded shape (one length may be inferred), or as one axis. */
    static final class Flat extends TensorReader {
        private final long[] rowShape;

        Flat(ElementType type, long[] rowShape) {
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

    /** The tensor struct: the shape field says the shape; the data must have its product of elements. */
    static final class Struct extends TensorReader {
        Struct(ElementType type) {
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
        void copy(Object value, long[] shape, long address, boolean widen) {
            copyElements(((InternalRow) value).getArray(1), product(shape), address, shape, widen);
        }
    }

    /** A Spark ML Vector: dense values, or a sparse vector's size, indices and values. */
    static final class Vector extends TensorReader {
        Vector() {
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
}
