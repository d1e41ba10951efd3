package dev.einops.nd4j;

import dev.einops.types.DTypeFamily;
import dev.einops.types.ElementType;
import dev.einops.types.EinopsException;
import dev.einops.types.Reduction;
import dev.einops.types.ReductionRules;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ND4J data types as einops' backend-neutral {@link ElementType}s, and einops' type rules
 * ({@link ReductionRules}, {@link ElementType#promote}) applied to them; shared by every backend
 * built on ND4J (arrays and SameDiff graphs).
 *
 * <pre>{@code
 * Nd4jTypes.resultType(Reduction.SUM, DataType.BOOL);       // LONG, as numpy sums booleans
 * Nd4jTypes.promote(DataType.SHORT, DataType.FLOAT);         // FLOAT
 * Nd4jTypes.elementType(DataType.HALF);                      // FLOAT16
 * }</pre>
 */
public final class Nd4jTypes {
    private Nd4jTypes() {
    }

    /**
     * The einops family of an ND4J type.
     *
     * @throws EinopsException for strings and other non-numeric types
     */
    public static DTypeFamily family(DataType type) {
        return elementType(type).family();
    }

    /**
     * The element type of an ND4J type.
     *
     * @throws EinopsException for strings and other non-numeric types
     */
    public static ElementType elementType(DataType type) {
        return switch (type) {
            case BOOL -> ElementType.BOOL;
            case BYTE -> ElementType.INT8;
            case SHORT -> ElementType.INT16;
            case INT -> ElementType.INT32;
            case LONG -> ElementType.INT64;
            case UBYTE -> ElementType.UINT8;
            case UINT16 -> ElementType.UINT16;
            case UINT32 -> ElementType.UINT32;
            case UINT64 -> ElementType.UINT64;
            case HALF -> ElementType.FLOAT16;
            case BFLOAT16 -> ElementType.BFLOAT16;
            case FLOAT -> ElementType.FLOAT32;
            case DOUBLE -> ElementType.FLOAT64;
            default -> throw new EinopsException("ND4J arrays of type " + type + " are not tensors einops can transform");
        };
    }

    /** The ND4J type of an element type. */
    public static DataType dataType(ElementType type) {
        return switch (type) {
            case BOOL -> DataType.BOOL;
            case INT8 -> DataType.BYTE;
            case INT16 -> DataType.SHORT;
            case INT32 -> DataType.INT;
            case INT64 -> DataType.LONG;
            case UINT8 -> DataType.UBYTE;
            case UINT16 -> DataType.UINT16;
            case UINT32 -> DataType.UINT32;
            case UINT64 -> DataType.UINT64;
            case FLOAT16 -> DataType.HALF;
            case BFLOAT16 -> DataType.BFLOAT16;
            case FLOAT32 -> DataType.FLOAT;
            case FLOAT64 -> DataType.DOUBLE;
        };
    }

    /** The type of a reduction's result; see {@link ReductionRules#resultType}. */
    public static DataType resultType(Reduction reduction, DataType input) {
        return dataType(ReductionRules.resultType(reduction, elementType(input)));
    }

    /** The type the arrays meet in when one operation combines them; see {@link ElementType#promote}. */
    public static DataType commonType(List<INDArray> arrays) {
        DataType type = arrays.get(0).dataType();
        for (INDArray a : arrays) {
            type = promote(type, a.dataType());
        }
        return type;
    }

    /** The type two types meet in; see {@link ElementType#promote}. */
    public static DataType promote(DataType a, DataType b) {
        if (a == b) {
            return a;
        }
        return dataType(ElementType.promote(elementType(a), elementType(b)));
    }
}
