package dev.einops.spark.tensor;

import dev.einops.types.ElementType;
import dev.einops.types.EinopsException;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The element types a tensor column can hold, and their Spark SQL types: float32 ({@code float}),
 * float64 ({@code double}), int32 ({@code int}), int64 ({@code bigint}) and bool ({@code boolean}),
 * each stored in Spark's rows with the width it has in ND4J's buffers.
 *
 * <pre>{@code
 * SparkElementTypes.of(DataTypes.FloatType);               // FLOAT32
 * SparkElementTypes.sparkType(ElementType.INT64);          // LongType
 * }</pre>
 */
public final class SparkElementTypes {
    /** The element types of tensor columns. */
    public static final List<ElementType> SUPPORTED = List.of(ElementType.FLOAT32, ElementType.FLOAT64,
            ElementType.INT32, ElementType.INT64, ElementType.BOOL);

    private SparkElementTypes() {
    }

    /**
     * The Spark SQL type of {@code type}'s elements.
     *
     * @throws EinopsException for a type a tensor column cannot hold (float16, int8, unsigned ...)
     */
    public static DataType sparkType(ElementType type) {
        return switch (type) {
            case FLOAT32 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
            case INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
            case BOOL -> DataTypes.BooleanType;
            default -> throw new EinopsException("a tensor column cannot hold " + type.label()
                    + " elements; tensor columns hold float32, float64, int32, int64 or bool");
        };
    }

    /** Whether {@code type} is the Spark SQL type of a tensor column's elements. */
    public static boolean isTensorElement(DataType type) {
        return SUPPORTED.stream().anyMatch(e -> sparkType(e).equals(type));
    }

    /**
     * The element type stored as Spark SQL type {@code type}.
     *
     * @throws EinopsException for any other type
     */
    public static ElementType of(DataType type) {
        for (ElementType e : SUPPORTED) {
            if (sparkType(e).equals(type)) {
                return e;
            }
        }
        throw new EinopsException("tensor elements must be float, double, int, bigint or boolean, not "
                + type.simpleString());
    }
}
