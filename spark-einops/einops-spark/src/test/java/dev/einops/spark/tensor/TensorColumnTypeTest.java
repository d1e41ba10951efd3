package dev.einops.spark.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.types.ElementType;
import dev.einops.types.EinopsException;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.junit.jupiter.api.Test;

class TensorColumnTypeTest {
    private static DataType arrays(DataType element, int depth) {
        DataType t = element;
        for (int i = 0; i < depth; i++) {
            t = DataTypes.createArrayType(t);
        }
        return t;
    }

    @Test
    void nestedArraysKnowTheirRankAndTheMetadataTheirLengths() {
        TensorColumnType t = TensorColumnType.of(arrays(DataTypes.FloatType, 3), Metadata.empty());
        assertEquals(TensorEncoding.NESTED, t.encoding());
        assertEquals(ElementType.FLOAT32, t.elementType());
        assertArrayEquals(new long[] {-1, -1, -1}, t.shape());
        TensorColumnType known = TensorColumnType.of(t.sparkType(),
                TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 4, 5}).metadata());
        assertArrayEquals(new long[] {3, 4, 5}, known.shape());
        assertTrue(known.fullyKnown());
    }

    @Test
    void eachEncodingRoundTripsThroughItsSparkType() {
        for (TensorColumnType t : new TensorColumnType[] {
                TensorColumnType.of(TensorEncoding.NESTED, ElementType.BOOL, new long[] {2, 2}),
                TensorColumnType.of(TensorEncoding.NESTED, ElementType.INT64, new long[] {}),
                TensorColumnType.of(TensorEncoding.FLAT, ElementType.INT32, new long[] {3, -1}),
                TensorColumnType.of(TensorEncoding.STRUCT, ElementType.FLOAT64, null),
                TensorColumnType.of(TensorEncoding.STRUCT, ElementType.FLOAT64, new long[] {4}),
                TensorColumnType.of(TensorEncoding.VECTOR, ElementType.FLOAT64, new long[] {7})}) {
            assertEquals(t, TensorColumnType.of(t.sparkType(), t.metadata()), t::toString);
        }
    }

    @Test
    void aFlatArrayWithoutMetadataIsOneAxisAndAStructOfUnknownRank() {
        assertArrayEquals(new long[] {-1}, TensorColumnType.of(arrays(DataTypes.DoubleType, 1), Metadata.empty()).shape());
        assertNull(TensorColumnType.of(TensorColumnType.structType(ElementType.FLOAT32), Metadata.empty()).shape());
        assertEquals(ElementType.FLOAT64, TensorColumnType.of(SQLDataTypes.VectorType(), Metadata.empty()).elementType());
    }

    @Test
    void otherTypesAreNotTensorsAndTheMessageListsTheEncodings() {
        for (DataType bad : new DataType[] {DataTypes.StringType, arrays(DataTypes.StringType, 2),
                arrays(DataTypes.ShortType, 1), DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
                        DataTypes.createStructField("dims", arrays(DataTypes.IntegerType, 1), false),
                        DataTypes.createStructField("data", arrays(DataTypes.FloatType, 1), false)})}) {
            EinopsException e = assertThrows(EinopsException.class, () -> TensorColumnType.of(bad, Metadata.empty()));
            assertTrue(e.getMessage().contains("holds no tensors") && e.getMessage().contains("struct<shape: array<int>"),
                    e.getMessage());
        }
    }

    @Test
    void theTensorStructIsFoundByFieldNameWithAnyIntegerShape() {
        DataType arrowOrder = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
                DataTypes.createStructField("data", arrays(DataTypes.IntegerType, 1), true),
                DataTypes.createStructField("shape", arrays(DataTypes.ShortType, 1), true)});
        TensorColumnType t = TensorColumnType.of(arrowOrder, Metadata.empty());
        assertEquals(TensorEncoding.STRUCT, t.encoding());
        assertEquals(ElementType.INT32, t.elementType());
        assertEquals(new TensorColumnType.StructLayout(1, 0, 2), t.structLayout());
        assertEquals(TensorColumnType.StructLayout.CANONICAL,
                TensorColumnType.of(TensorColumnType.structType(ElementType.INT32), Metadata.empty()).structLayout());
    }

    @Test
    void axesNamesTravelInTheMetadataAndMustFitTheRank() {
        TensorColumnType named = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {3, 4})
                .withDimNames(java.util.List.of("h", "w"));
        assertEquals(named, TensorColumnType.of(named.sparkType(), named.metadata()));
        assertEquals("flat float32 tensors of shape [3, 4] named h w", named.toString());
        assertEquals("the column's metadata names the axes [h] but its tensors have rank 2", assertThrows(
                EinopsException.class, () -> named.withDimNames(java.util.List.of("h"))).getMessage());
        assertTrue(assertThrows(EinopsException.class, () -> named.withDimNames(java.util.List.of("h", "h")))
                .getMessage().contains("a name twice"));
    }
}
