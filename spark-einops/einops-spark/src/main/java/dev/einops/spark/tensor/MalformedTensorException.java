package dev.einops.spark.tensor;

/**
 * One row's value is not a tensor of its column's kind: ragged nesting, a null element, data whose
 * length is not the product of the shape. The block evaluator turns it into the query's error
 * (FAILFAST) or a null result (PERMISSIVE).
 */
public final class MalformedTensorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long[] shape;

    public MalformedTensorException(String reason, long[] shape) {
        super(reason, null, false, false);
        this.shape = shape == null ? null : shape.clone();
    }

    /** The shape as far as it could be read, or null. */
    public long[] shape() {
        return shape == null ? null : shape.clone();
    }
}
