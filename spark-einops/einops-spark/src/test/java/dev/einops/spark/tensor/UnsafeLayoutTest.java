package dev.einops.spark.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.types.ElementType;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Row images must be byte for byte what Spark's own {@code UnsafeProjection} writes for the same
 * value: headers, offsets, padding and all. Anything else would make equal tensors compare, hash or
 * group differently in Spark.
 */
class UnsafeLayoutTest {
    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3}),
                Arguments.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {3}),
                Arguments.of(TensorEncoding.FLAT, ElementType.BOOL, new long[] {5, 13}),
                Arguments.of(TensorEncoding.FLAT, ElementType.INT64, new long[] {0}),
                Arguments.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 5, 7}),
                Arguments.of(TensorEncoding.NESTED, ElementType.FLOAT64, new long[] {2, 70}),
                Arguments.of(TensorEncoding.NESTED, ElementType.INT32, new long[] {66, 1, 3}),
                Arguments.of(TensorEncoding.NESTED, ElementType.BOOL, new long[] {4, 3}),
                Arguments.of(TensorEncoding.NESTED, ElementType.INT64, new long[] {2, 0, 3}),
                Arguments.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {5}),
                Arguments.of(TensorEncoding.STRUCT, ElementType.FLOAT32, new long[] {3, 5}),
                Arguments.of(TensorEncoding.STRUCT, ElementType.INT32, new long[] {7}),
                Arguments.of(TensorEncoding.STRUCT, ElementType.BOOL, new long[] {}),
                Arguments.of(TensorEncoding.STRUCT, ElementType.FLOAT64, new long[] {2, 1, 65}),
                Arguments.of(TensorEncoding.VECTOR, ElementType.FLOAT64, new long[] {9}));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void imagesAreWhatSparkWritesForTheSameValue(TensorEncoding encoding, ElementType type, long[] shape) {
        UnsafeLayout image = UnsafeLayout.of(encoding, type, shape);
        long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        double[] values = new double[(int) n];
        for (int i = 0; i < n; i++) {
            values[i] = (i * 7 % 11) - 5;
        }
        long address = Platform.allocateMemory(image.bytes());
        try {
            Platform.setMemory(address, (byte) 0x5A, image.bytes());   // garbage the image must overwrite
            image.writeHeaders(address);
            writeElements(image, values, address);
            byte[] ours = new byte[(int) image.bytes()];
            Platform.copyMemory(null, address, ours, Platform.BYTE_ARRAY_OFFSET, ours.length);

            DataType sparkType = TensorColumnType.of(encoding, type, shape).sparkType();
            Object external = sparkValue(encoding, type, shape, values);
            UnsafeRow spark = UnsafeProjection.create(new DataType[] {sparkType})
                    .apply(new GenericInternalRow(new Object[] {external}));
            byte[] theirs = encoding == TensorEncoding.NESTED && shape.length == 0 ? null : fieldBytes(spark);
            assertArrayEquals(theirs, ours, () -> image + ": bytes differ from Spark's");
        } finally {
            Platform.freeMemory(address);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void valuesPointAtTheImage(TensorEncoding encoding, ElementType type, long[] shape) {
        UnsafeLayout image = UnsafeLayout.of(encoding, type, shape);
        long address = Platform.allocateMemory(image.bytes());
        try {
            image.writeHeaders(address);
            Object value = image.value(address);
            if (value instanceof UnsafeArrayData array) {
                long n = encoding == TensorEncoding.FLAT ? Arrays.stream(shape).reduce(1, Math::multiplyExact) : shape[0];
                assertEquals(n, array.numElements());
            } else if (value instanceof UnsafeRow row && encoding == TensorEncoding.STRUCT) {
                assertArrayEquals(Arrays.stream(shape).mapToInt(d -> (int) d).toArray(), row.getArray(0).toIntArray());
            }
        } finally {
            Platform.freeMemory(address);
        }
    }

    private static void writeElements(UnsafeLayout image, double[] values, long address) {
        long[] shape = image.shape();
        long[] strides = image.strides();
        int w = image.elementType().byteWidth();
        long[] index = new long[shape.length];
        for (int i = 0; i < values.length; i++) {
            long at = image.dataOffset();
            long rest = i;
            for (int a = shape.length - 1; a >= 0; a--) {
                index[a] = rest % shape[a];
                rest /= shape[a];
                at += index[a] * strides[a] * w;
            }
            long p = address + at;
            switch (image.elementType()) {
                case FLOAT32 -> Platform.putFloat(null, p, (float) values[i]);
                case FLOAT64 -> Platform.putDouble(null, p, values[i]);
                case INT32 -> Platform.putInt(null, p, (int) values[i]);
                case INT64 -> Platform.putLong(null, p, (long) values[i]);
                case BOOL -> Platform.putByte(null, p, (byte) (values[i] > 0 ? 1 : 0));
            }
        }
    }

    /** The value as Catalyst holds it before Spark writes it: generic arrays and rows. */
    private static Object sparkValue(TensorEncoding encoding, ElementType type, long[] shape, double[] values) {
        return switch (encoding) {
            case FLAT -> new GenericArrayData(boxed(type, values, 0, values.length));
            case NESTED -> nested(type, shape, 0, values, 0);
            case STRUCT -> new GenericInternalRow(new Object[] {
                    new GenericArrayData(Arrays.stream(shape).mapToObj(d -> (Object) (int) d).toArray()),
                    new GenericArrayData(boxed(type, values, 0, values.length))});
            case VECTOR -> new VectorUDT().serialize(Vectors.dense(values));
        };
    }

    private static Object nested(ElementType type, long[] shape, int level, double[] values, int from) {
        if (level == shape.length - 1) {
            return new GenericArrayData(boxed(type, values, from, (int) shape[level]));
        }
        int stride = 1;
        for (int i = level + 1; i < shape.length; i++) {
            stride *= (int) shape[i];
        }
        Object[] out = new Object[(int) shape[level]];
        for (int i = 0; i < out.length; i++) {
            out[i] = nested(type, shape, level + 1, values, from + i * stride);
        }
        return new GenericArrayData(out);
    }

    private static Object[] boxed(ElementType type, double[] values, int from, int n) {
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            double v = values[from + i];
            out[i] = switch (type) {
                case FLOAT32 -> (float) v;
                case FLOAT64 -> v;
                case INT32 -> (int) v;
                case INT64 -> (long) v;
                case BOOL -> v > 0;
                default -> throw new IllegalStateException("not a tensor element type");
            };
        }
        return out;
    }

    /** The bytes of field 0 of a one-field UnsafeRow: the variable-length value it points at. */
    private static byte[] fieldBytes(UnsafeRow row) {
        long offsetAndSize = row.getLong(0);
        int offset = (int) (offsetAndSize >> 32);
        int size = (int) offsetAndSize;
        byte[] out = new byte[size];
        Platform.copyMemory(row.getBaseObject(), row.getBaseOffset() + offset, out, Platform.BYTE_ARRAY_OFFSET, size);
        return out;
    }
}
