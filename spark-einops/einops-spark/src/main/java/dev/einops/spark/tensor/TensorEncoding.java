package dev.einops.spark.tensor;

/**
 * How a DataFrame column holds one tensor per row. An einops step writes its result in the
 * encoding it read.
 *
 * <pre>{@code
 * DataType nested = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType));
 * TensorColumnType.of(nested, Metadata.empty()).encoding();   // NESTED
 * }</pre>
 */
public enum TensorEncoding {
    /**
     * Nested arrays, {@code array<array<array<float>>>}: the shape is the nesting, so the rank is
     * known from the type; a rank-0 tensor is a plain number.
     */
    NESTED,
    /**
     * The self-describing tensor struct {@code struct<shape: array<int>, data: array<T>>}, data in
     * C order; rows may differ in shape.
     */
    STRUCT,
    /**
     * A flat {@code array<T>} in C order; its shape comes from the column's metadata (written by
     * every einops step) or, without it, it is one axis. A pattern with one input axis group, such as
     * {@code b (c h w) -> b h w c}, always reads it as one axis.
     */
    FLAT,
    /** A Spark ML {@code Vector}: one axis of doubles, dense or sparse on input, dense on output. */
    VECTOR
}
