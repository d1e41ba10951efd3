package dev.einops.nd4j;

import dev.einops.DTypeFamily;
import dev.einops.EinopsException;
import dev.einops.Reduction;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * einops' type rules on ND4J data types, shared by every backend built on ND4J (arrays and
 * SameDiff graphs).
 *
 * <pre>{@code
 * Nd4jTypes.resultType(Reduction.SUM, DataType.BOOL);       // LONG, as numpy sums booleans
 * Nd4jTypes.promote(DataType.SHORT, DataType.FLOAT);         // FLOAT
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
        if (type == DataType.BOOL) {
            return DTypeFamily.BOOLEAN;
        }
        if (type.isFPType()) {
            return DTypeFamily.FLOATING;
        }
        if (type.isIntType()) {
            return DTypeFamily.INTEGER;
        }
        throw new EinopsException("ND4J arrays of type " + type + " are not tensors einops can transform");
    }

    /**
     * The type of a reduction's result, by numpy's rules: booleans and integers narrower than
     * 64 bits are summed and multiplied as 64-bit integers (ND4J would refuse or overflow), any and
     * all give booleans, everything else keeps the input type.
     */
    public static DataType resultType(Reduction reduction, DataType input) {
        return switch (reduction) {
            case ANY, ALL -> DataType.BOOL;
            case SUM, PROD -> input == DataType.BOOL || (input.isIntType() && input.width() < 8) ? DataType.LONG : input;
            case MIN, MAX, MEAN -> input;
        };
    }

    /**
     * numpy's promotion: between families boolean to integer to floating; within a family the type
     * that holds both. Half and bfloat16 meet in float; a signed and an unsigned integer in the
     * next wider signed type (unsigned 64-bit and a signed type in double, as numpy does).
     */
    public static DataType promote(DataType a, DataType b) {
        if (a == b) {
            return a;
        }
        int fa = family(a).ordinal();
        int fb = family(b).ordinal();
        // DTypeFamily order is FLOATING, INTEGER, BOOLEAN: a lower ordinal wins.
        if (fa != fb) {
            return fa < fb ? a : b;
        }
        if (a.width() != b.width() && (a.isFPType() || a.isSigned() == b.isSigned())) {
            return a.width() > b.width() ? a : b;
        }
        if (a.isFPType()) {
            return DataType.FLOAT;   // half and bfloat16
        }
        DataType signed = a.isSigned() ? a : b;
        DataType unsigned = a.isSigned() ? b : a;
        return signed.width() > unsigned.width() ? signed : signedOfWidth(2 * unsigned.width());
    }

    private static DataType signedOfWidth(int bytes) {
        return switch (bytes) {
            case 2 -> DataType.SHORT;
            case 4 -> DataType.INT;
            case 8 -> DataType.LONG;
            default -> DataType.DOUBLE;
        };
    }
}
