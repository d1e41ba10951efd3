package dev.einops.spark.tensor;

import java.util.Arrays;
import dev.einops.types.ElementType;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * The bytes of one row's tensor in Spark's own binary format ({@code UnsafeArrayData} for arrays,
 * {@code UnsafeRow} for the struct and the Vector), for one encoding, element type and shape.
 *
 * <p>For a fixed shape that format is a fixed layout: the headers (element counts, null bits, the
 * offsets of nested arrays, the shape array) sit at the same places in every row, and element
 * {@code [i0, i1, ...]} at {@code dataOffset + (i0 * strides[0] + i1 * strides[1] + ...) * width}.
 * So a block of rows is one buffer of {@code rows * bytes()} bytes into which the tensor library
 * writes all results as one strided array, and each row's Spark value points into it: no per-row
 * conversion. Nested arrays are strided too, because every array of a level has the same size.
 *
 * <pre>{@code
 * UnsafeLayout image = UnsafeLayout.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
 * image.bytes();        // 40: an 8-byte count, one null-bit word, 6 floats rounded up to 8 bytes
 * image.dataOffset();   // 16
 * }</pre>
 */
public final class UnsafeLayout {
    private static final long VECTOR_DENSE = 1;

    private final TensorEncoding encoding;
    private final ElementType elementType;
    private final long[] shape;
    private final long bytes;
    private final long dataOffset;
    private final long[] strides;
    /** Header words at fixed offsets: pairs of (byte offset, value), written into every row. */
    private final long[] headerWords;

    private UnsafeLayout(TensorEncoding encoding, ElementType elementType, long[] shape, long bytes, long dataOffset,
                     long[] strides, long[] headerWords) {
        this.encoding = encoding;
        this.elementType = elementType;
        this.shape = shape;
        this.bytes = bytes;
        this.dataOffset = dataOffset;
        this.strides = strides;
        this.headerWords = headerWords;
    }

    /** The layout of one row's tensor of {@code shape} (all lengths known) in {@code encoding}. */
    public static UnsafeLayout of(TensorEncoding encoding, ElementType elementType, long[] shape) {
        long n = product(shape);
        int w = elementType.byteWidth();
        Words words = new Words();
        return switch (encoding) {
            case FLAT -> {
                long size = primitiveArray(words, 0, n, w);
                yield new UnsafeLayout(encoding, elementType, shape.clone(), size, header(n), cStrides(shape), words.toArray());
            }
            case STRUCT -> {
                // UnsafeRow of two variable-length fields: one null-bit word, two offset-and-size slots
                long shapeAt = 24;
                long shapeSize = primitiveArray(words, shapeAt, shape.length, 4);
                for (int i = 0; i < shape.length; i++) {
                    words.putInt(shapeAt + header(shape.length) + 4L * i, (int) shape[i]);
                }
                long dataAt = shapeAt + shapeSize;
                long dataSize = primitiveArray(words, dataAt, n, w);
                words.put(0, 0);
                words.put(8, (shapeAt << 32) | shapeSize);
                words.put(16, (dataAt << 32) | dataSize);
                yield new UnsafeLayout(encoding, elementType, shape.clone(), dataAt + dataSize, dataAt + header(n),
                        cStrides(shape), words.toArray());
            }
            case VECTOR -> {
                // VectorUDT's row: type (byte), size (int, null), indices (null), values (array<double>)
                long valuesAt = 40;
                long valuesSize = primitiveArray(words, valuesAt, n, w);
                words.put(0, 0b110);
                words.put(8, VECTOR_DENSE);
                words.put(16, 0);
                words.put(24, 0);
                words.put(32, (valuesAt << 32) | valuesSize);
                yield new UnsafeLayout(encoding, elementType, shape.clone(), valuesAt + valuesSize, valuesAt + header(n),
                        cStrides(shape), words.toArray());
            }
            case NESTED -> nested(elementType, shape, words);
        };
    }

    private static UnsafeLayout nested(ElementType elementType, long[] shape, Words words) {
        int w = elementType.byteWidth();
        int rank = shape.length;
        if (rank == 0) {
            return new UnsafeLayout(TensorEncoding.NESTED, elementType, shape.clone(), 8, 0, new long[0], new long[0]);
        }
        // size[j]: bytes of one array of level j (level rank-1 holds the elements)
        long[] size = new long[rank];
        size[rank - 1] = header(shape[rank - 1]) + roundToWord(shape[rank - 1] * w);
        for (int j = rank - 2; j >= 0; j--) {
            size[j] = header(shape[j]) + 8 * shape[j] + shape[j] * size[j + 1];
        }
        long[] strides = new long[rank];
        long dataOffset = 0;
        for (int j = 0; j < rank - 1; j++) {
            strides[j] = size[j + 1] / w;
            dataOffset += header(shape[j]) + 8 * shape[j];
        }
        strides[rank - 1] = 1;
        dataOffset += header(shape[rank - 1]);
        nestedHeaders(words, 0, 0, shape, size, w);
        return new UnsafeLayout(TensorEncoding.NESTED, elementType, shape.clone(), size[0], dataOffset, strides,
                words.toArray());
    }

    private static void nestedHeaders(Words words, long at, int level, long[] shape, long[] size, int w) {
        long n = shape[level];
        if (level == shape.length - 1) {
            primitiveArray(words, at, n, w);
            return;
        }
        words.put(at, n);
        zeroNullBits(words, at, n);
        long firstChild = header(n) + 8 * n;
        for (long i = 0; i < n; i++) {
            long childOffset = firstChild + i * size[level + 1];
            words.put(at + header(n) + 8 * i, (childOffset << 32) | size[level + 1]);
            nestedHeaders(words, at + childOffset, level + 1, shape, size, w);
        }
    }

    /** Writes the header of a primitive array of n elements at {@code at}; returns its size. */
    private static long primitiveArray(Words words, long at, long n, int w) {
        words.put(at, n);
        zeroNullBits(words, at, n);
        long values = roundToWord(n * w);
        if (values != n * w) {
            words.put(at + header(n) + values - 8, 0);   // the padding after the last element
        }
        return header(n) + values;
    }

    private static void zeroNullBits(Words words, long at, long n) {
        for (long b = 8; b < header(n); b += 8) {
            words.put(at + b, 0);
        }
    }

    static long header(long n) {
        return UnsafeArrayData.calculateHeaderPortionInBytes(n);
    }

    static long roundToWord(long bytes) {
        return (bytes + 7) & ~7L;
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static long[] cStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** Writes every header word of one row's image at {@code address}; the elements are left to the caller. */
    public void writeHeaders(long address) {
        for (int i = 0; i < headerWords.length; i += 2) {
            Platform.putLong(null, address + headerWords[i], headerWords[i + 1]);
        }
    }

    /**
     * The Spark value of the image at {@code address}: an {@code UnsafeArrayData} or {@code UnsafeRow}
     * pointing at that memory (valid while it is), or the element itself for a rank-0 nested tensor.
     */
    public Object value(long address) {
        return switch (encoding) {
            case FLAT -> array(address);
            case NESTED -> shape.length == 0 ? scalar(address) : array(address);
            case STRUCT -> row(address, 2);
            case VECTOR -> row(address, 4);
        };
    }

    private UnsafeArrayData array(long address) {
        UnsafeArrayData array = new UnsafeArrayData();
        array.pointTo(null, address, (int) bytes);
        return array;
    }

    private UnsafeRow row(long address, int fields) {
        UnsafeRow row = new UnsafeRow(fields);
        row.pointTo(null, address, (int) bytes);
        return row;
    }

    private Object scalar(long address) {
        return switch (elementType) {
            case FLOAT32 -> Platform.getFloat(null, address);
            case FLOAT64 -> Platform.getDouble(null, address);
            case INT32 -> Platform.getInt(null, address);
            case INT64 -> Platform.getLong(null, address);
            case BOOL -> Platform.getByte(null, address) != 0;
            default -> throw new IllegalStateException("not a tensor element type");
        };
    }

    /** Bytes of one row's image, a multiple of 8. */
    public long bytes() {
        return bytes;
    }

    /** Bytes from the image's start to its first element. */
    public long dataOffset() {
        return dataOffset;
    }

    /** The elements' strides, in elements, one per axis of the shape. */
    public long[] strides() {
        return strides.clone();
    }

    public long[] shape() {
        return shape.clone();
    }

    public ElementType elementType() {
        return elementType;
    }

    public TensorEncoding encoding() {
        return encoding;
    }

    @Override
    public String toString() {
        return encoding + " " + elementType + " " + Arrays.toString(shape) + " (" + bytes + " bytes, data at "
                + dataOffset + ", strides " + Arrays.toString(strides) + ")";
    }

    /** A growable list of (offset, value) header words. */
    private static final class Words {
        private long[] pairs = new long[16];
        private int size;

        void put(long offset, long value) {
            if (size + 2 > pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[size++] = offset;
            pairs[size++] = value;
        }

        /** Puts a 4-byte value by merging it into its 8-byte word (little-endian, as Spark's Platform is on x86 and ARM). */
        void putInt(long offset, int value) {
            long word = offset & ~7L;
            int shift = (int) (offset - word) * 8;
            for (int i = 0; i < size; i += 2) {
                if (pairs[i] == word) {
                    pairs[i + 1] = (pairs[i + 1] & ~(0xFFFFFFFFL << shift)) | ((value & 0xFFFFFFFFL) << shift);
                    return;
                }
            }
            put(word, (value & 0xFFFFFFFFL) << shift);
        }

        long[] toArray() {
            return Arrays.copyOf(pairs, size);
        }
    }
}
