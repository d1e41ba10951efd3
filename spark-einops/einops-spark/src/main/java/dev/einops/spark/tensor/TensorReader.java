package dev.einops.spark.tensor;

import dev.einops.types.ElementType;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Reads one row's tensor from its Spark value (what {@code Expression.eval} returns for the column:
 * {@code ArrayData}, an {@code InternalRow} for the struct and the Vector, a boxed number for a
 * rank-0 nested tensor): first its shape, checking the structure, then its elements, in C order,
 * into native memory. Values in Spark's binary format are copied a contiguous run at a time.
 * There is one reader per encoding ({@code NestedReader}, {@code FlatReader}, {@code StructReader},
 * {@code VectorReader}); this class keeps what they share: the check of a row's shape against the
 * column's recorded lengths and the copy of an innermost array's elements.
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
public abstract sealed class TensorReader permits NestedReader, FlatReader, StructReader, VectorReader {
    final ElementType type;
    /** The lengths every row has (-1 where rows may differ), or null: checked, and filled in past an empty level. */
    private long[] declared;

    TensorReader(ElementType type) {
        this.type = type;
    }

    /** The reader for a column of {@code columnType}; {@code flatShape} is the shape a flat row is read with (null: one axis). */
    public static TensorReader of(TensorColumnType columnType, long[] flatShape) {
        TensorReader reader = switch (columnType.encoding()) {
            case NESTED -> new NestedReader(columnType.elementType(), columnType.rank());
            case FLAT -> new FlatReader(columnType.elementType(), flatShape);
            case STRUCT -> new StructReader(columnType.elementType());
            case VECTOR -> new VectorReader();
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
            for (long b = 8; b < UnsafeLayout.header(n); b += 8) {
                if (Platform.getLong(base, offset + b) != 0) {
                    throw nullElement(shape);
                }
            }
            if (widen) {
                long from = offset + UnsafeLayout.header(n);
                for (long i = 0; i < n; i++) {
                    Platform.putDouble(null, address + 8 * i, Platform.getFloat(base, from + 4 * i));
                }
            } else {
                Platform.copyMemory(base, offset + UnsafeLayout.header(n), null, address, n * type.byteWidth());
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
}
