package dev.einops.types;

import java.util.Locale;

/**
 * A tensor's element type in terms no tensor library owns (numpy's names): what einops' type
 * rules are written in, so that every executor — ND4J arrays, SameDiff graphs, Spark columns —
 * applies the same ones by mapping its own types to these.
 *
 * <pre>{@code
 * ElementType.promote(ElementType.INT32, ElementType.FLOAT32);    // FLOAT32: the floating type wins
 * ElementType.promote(ElementType.UINT8, ElementType.INT8);       // INT16, as numpy
 * ElementType.FLOAT64.family();                                    // FLOATING
 * ElementType.BFLOAT16.label();                                    // "bfloat16"
 * }</pre>
 */
public enum ElementType {
    BOOL(DTypeFamily.BOOLEAN, 1, false),
    INT8(DTypeFamily.INTEGER, 1, true),
    INT16(DTypeFamily.INTEGER, 2, true),
    INT32(DTypeFamily.INTEGER, 4, true),
    INT64(DTypeFamily.INTEGER, 8, true),
    UINT8(DTypeFamily.INTEGER, 1, false),
    UINT16(DTypeFamily.INTEGER, 2, false),
    UINT32(DTypeFamily.INTEGER, 4, false),
    UINT64(DTypeFamily.INTEGER, 8, false),
    FLOAT16(DTypeFamily.FLOATING, 2, true),
    BFLOAT16(DTypeFamily.FLOATING, 2, true),
    FLOAT32(DTypeFamily.FLOATING, 4, true),
    FLOAT64(DTypeFamily.FLOATING, 8, true);

    private final DTypeFamily family;
    private final int byteWidth;
    private final boolean signed;

    ElementType(DTypeFamily family, int byteWidth, boolean signed) {
        this.family = family;
        this.byteWidth = byteWidth;
        this.signed = signed;
    }

    /** The family einops' rules look at first. */
    public DTypeFamily family() {
        return family;
    }

    /** Bytes per element. */
    public int byteWidth() {
        return byteWidth;
    }

    /** Whether negative values exist: floating types and signed integers. */
    public boolean isSigned() {
        return signed;
    }

    /** The lower-case name, as numpy spells it: {@code "float32"}, {@code "bool"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type two types meet in when one operation combines them (stack, concat, matmul). Between
     * families boolean to integer to floating, and the type of the higher family wins as it is
     * (int64 and float32 meet in float32, as in PyTorch; numpy would widen to float64). Within a
     * family, numpy's rule: the type that holds both. Half and bfloat16 meet in float32; a signed
     * and an unsigned integer in the next wider signed type (uint64 and a signed type in float64).
     */
    public static ElementType promote(ElementType a, ElementType b) {
        if (a == b) {
            return a;
        }
        if (a.family != b.family) {
            // DTypeFamily order is FLOATING, INTEGER, BOOLEAN: a lower ordinal wins.
            return a.family.ordinal() < b.family.ordinal() ? a : b;
        }
        if (a.byteWidth != b.byteWidth && (a.family == DTypeFamily.FLOATING || a.signed == b.signed)) {
            return a.byteWidth > b.byteWidth ? a : b;
        }
        if (a.family == DTypeFamily.FLOATING) {
            return FLOAT32;   // half and bfloat16
        }
        ElementType signedOne = a.signed ? a : b;
        ElementType unsignedOne = a.signed ? b : a;
        if (signedOne.byteWidth > unsignedOne.byteWidth) {
            return signedOne;
        }
        return switch (2 * unsignedOne.byteWidth) {
            case 2 -> INT16;
            case 4 -> INT32;
            case 8 -> INT64;
            default -> FLOAT64;
        };
    }
}
