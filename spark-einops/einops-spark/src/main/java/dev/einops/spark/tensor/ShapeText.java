package dev.einops.spark.tensor;

/** Shapes as messages show them: {@code [3, ?, 64]}, a {@code ?} where a length is not known. */
final class ShapeText {
    private ShapeText() {
    }

    static String of(long[] shape) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            out.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
        }
        return out.append(']').toString();
    }
}
