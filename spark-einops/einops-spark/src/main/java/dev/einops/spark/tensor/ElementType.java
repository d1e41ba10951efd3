package dev.einops.spark.tensor;

import dev.einops.EinopsException;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The element types a tensor column can hold, with their Spark SQL type, their ND4J type and their
 * width in bytes (the width Spark's {@code UnsafeArrayData} stores them in).
 *
 * <pre>{@code
 * ElementType.of(DataTypes.FloatType);   // FLOAT
 * ElementType.FLOAT.width();             // 4
 * }</pre>
 */
public enum ElementType {
    FLOAT(DataTypes.FloatType, org.nd4j.linalg.api.buffer.DataType.FLOAT, 4),
    DOUBLE(DataTypes.DoubleType, org.nd4j.linalg.api.buffer.DataType.DOUBLE, 8),
    INT(DataTypes.IntegerType, org.nd4j.linalg.api.buffer.DataType.INT, 4),
    LONG(DataTypes.LongType, org.nd4j.linalg.api.buffer.DataType.LONG, 8),
    BOOLEAN(DataTypes.BooleanType, org.nd4j.linalg.api.buffer.DataType.BOOL, 1);

    private final DataType sparkType;
    private final org.nd4j.linalg.api.buffer.DataType nd4jType;
    private final int width;

    ElementType(DataType sparkType, org.nd4j.linalg.api.buffer.DataType nd4jType, int width) {
        this.sparkType = sparkType;
        this.nd4jType = nd4jType;
        this.width = width;
    }

    /** The Spark SQL type of one element. */
    public DataType sparkType() {
        return sparkType;
    }

    /** The ND4J type of a block of these elements. */
    public org.nd4j.linalg.api.buffer.DataType nd4jType() {
        return nd4jType;
    }

    /** Bytes per element, in Spark's rows and in ND4J's buffers alike. */
    public int width() {
        return width;
    }

    /** Whether {@code type} is one of the element types. */
    public static boolean isElementType(DataType type) {
        for (ElementType e : values()) {
            if (e.sparkType.equals(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The element type of Spark type {@code type}.
     *
     * @throws EinopsException for any other type
     */
    public static ElementType of(DataType type) {
        for (ElementType e : values()) {
            if (e.sparkType.equals(type)) {
                return e;
            }
        }
        throw new EinopsException("tensor elements must be float, double, int, bigint or boolean, not "
                + type.simpleString());
    }

    /**
     * The element type holding ND4J type {@code type}, which einops' type rules produce from the
     * element types (a sum of booleans or ints gives longs, any and all give booleans).
     */
    public static ElementType of(org.nd4j.linalg.api.buffer.DataType type) {
        for (ElementType e : values()) {
            if (e.nd4jType == type) {
                return e;
            }
        }
        throw new EinopsException("ND4J type " + type + " has no tensor-column element type");
    }
}
