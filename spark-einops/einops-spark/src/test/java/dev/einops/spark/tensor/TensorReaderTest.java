package dev.einops.spark.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.ElementType;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.api.Test;

class TensorReaderTest {
    private static final TensorColumnType NESTED_2D = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32,
            new long[] {-1, -1});

    private static ArrayData floats(float... v) {
        Object[] boxed = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            boxed[i] = v[i];
        }
        return new GenericArrayData(boxed);
    }

    private static ArrayData rows(Object... arrays) {
        return new GenericArrayData(arrays);
    }

    /** The same value in Spark's binary format, as rows of a DataFrame hold it. */
    private static Object unsafe(Object value, DataType type) {
        return UnsafeProjection.create(new DataType[] {type}).apply(new GenericInternalRow(new Object[] {value}))
                .get(0, type);
    }

    private static float[] read(TensorReader reader, Object value, long[] shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        long address = Platform.allocateMemory(Math.max(1, 4L * n));
        try {
            reader.copy(value, shape, address);
            float[] out = new float[n];
            Platform.copyMemory(null, address, out, Platform.FLOAT_ARRAY_OFFSET, 4L * n);
            return out;
        } finally {
            Platform.freeMemory(address);
        }
    }

    @Test
    void nestedArraysInEitherFormatGiveTheirShapeAndElementsInCOrder() {
        ArrayData generic = rows(floats(1, 2, 3), floats(4, 5, 6));
        Object binary = unsafe(generic, NESTED_2D.sparkType());
        assertTrue(binary instanceof UnsafeArrayData);
        TensorReader reader = TensorReader.of(NESTED_2D, null);
        for (Object value : new Object[] {generic, binary}) {
            long[] shape = reader.shape(value);
            assertArrayEquals(new long[] {2, 3}, shape);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read(reader, value, shape));
        }
    }

    @Test
    void raggedNestingIsMalformedAndSaysWhere() {
        ArrayData ragged = rows(floats(1, 2, 3), floats(4, 5));
        TensorReader reader = TensorReader.of(NESTED_2D, null);
        for (Object value : new Object[] {ragged, unsafe(ragged, NESTED_2D.sparkType())}) {
            long[] shape = reader.shape(value);
            MalformedTensorException e = assertThrows(MalformedTensorException.class,
                    () -> read(reader, value, shape));
            assertTrue(e.getMessage().contains("2 elements where the first row of its level has 3 (ragged nesting)"),
                    e.getMessage());
        }
    }

    @Test
    void nullElementsAndNullSubArraysAreMalformed() {
        ArrayData withNull = rows(new GenericArrayData(new Object[] {1f, null}), floats(3, 4));
        TensorReader reader = TensorReader.of(NESTED_2D, null);
        DataType nullable = org.apache.spark.sql.types.DataTypes.createArrayType(
                org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.FloatType, true));
        for (Object value : new Object[] {withNull, unsafe(withNull, nullable)}) {
            MalformedTensorException e = assertThrows(MalformedTensorException.class,
                    () -> read(reader, value, reader.shape(value)));
            assertTrue(e.getMessage().contains("null element"), e.getMessage());
        }
        ArrayData nullRow = rows(floats(1, 2), null);
        MalformedTensorException e = assertThrows(MalformedTensorException.class,
                () -> read(reader, nullRow, reader.shape(nullRow)));
        assertTrue(e.getMessage().contains("null array at nesting level 2"), e.getMessage());
    }

    @Test
    void structDataMustHaveTheProductOfItsShape() {
        TensorColumnType struct = TensorColumnType.of(TensorEncoding.STRUCT, ElementType.FLOAT32, null);
        TensorReader reader = TensorReader.of(struct, null);
        InternalRow ok = new GenericInternalRow(new Object[] {new GenericArrayData(new Object[] {2, 2}),
                floats(1, 2, 3, 4)});
        assertArrayEquals(new long[] {2, 2}, reader.shape(ok));
        assertArrayEquals(new float[] {1, 2, 3, 4}, read(reader, ok, new long[] {2, 2}));
        InternalRow bad = new GenericInternalRow(new Object[] {new GenericArrayData(new Object[] {2, 3}),
                floats(1, 2, 3, 4)});
        MalformedTensorException e = assertThrows(MalformedTensorException.class, () -> reader.shape(bad));
        assertTrue(e.getMessage().contains("data has 4 elements but its shape [2, 3] has 6"), e.getMessage());
        InternalRow negative = new GenericInternalRow(new Object[] {new GenericArrayData(new Object[] {-2, -3}),
                floats(1, 2, 3, 4)});
        String reason = assertThrows(MalformedTensorException.class, () -> reader.shape(negative)).getMessage();
        assertTrue(reason.contains("shape [-2, -3] has a negative length"), "the shape as given: " + reason);
    }

    @Test
    void flatRowsTakeTheRecordedShapeAndInferOneLength() {
        TensorColumnType flat = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, -1});
        TensorReader reader = TensorReader.of(flat, flat.shape());
        assertArrayEquals(new long[] {2, 3}, reader.shape(floats(1, 2, 3, 4, 5, 6)));
        MalformedTensorException e = assertThrows(MalformedTensorException.class, () -> reader.shape(floats(1, 2, 3)));
        assertTrue(e.getMessage().contains("a flat row of 3 elements does not fit the column's shape [2, ?]"),
                e.getMessage());
    }

    @Test
    void vectorsDenseOrSparseReadAsOneAxis() {
        TensorColumnType vector = TensorColumnType.of(new VectorUDT(), org.apache.spark.sql.types.Metadata.empty());
        TensorReader reader = TensorReader.of(vector, vector.shape());
        VectorUDT udt = new VectorUDT();
        InternalRow dense = udt.serialize(Vectors.dense(1, 2, 3));
        InternalRow sparse = udt.serialize(Vectors.sparse(4, new int[] {1, 3}, new double[] {5, 7}));
        assertArrayEquals(new long[] {3}, reader.shape(dense));
        assertArrayEquals(new long[] {4}, reader.shape(sparse));
        long address = Platform.allocateMemory(32);
        try {
            reader.copy(sparse, new long[] {4}, address);
            double[] out = new double[4];
            Platform.copyMemory(null, address, out, Platform.DOUBLE_ARRAY_OFFSET, 32);
            assertArrayEquals(new double[] {0, 5, 0, 7}, out);
        } finally {
            Platform.freeMemory(address);
        }
    }
}
