package dev.einops;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link Einops#pack}: the packed tensor, and per input the shape of the part that
 * {@code *} stood for, which {@link Einops#unpack} needs to split it again.
 *
 * <pre>{@code
 * Packed<INDArray> p = Einops.pack(List.of(image, mask), "h w *");   // [h, w, 3] and [h, w]
 * p.tensor().shape();          // [h, w, 4]
 * p.packedShapes();            // [[3], []]
 * List<INDArray> parts = Einops.unpack(p.tensor(), p.packedShapes(), "h w *");
 * }</pre>
 *
 * <p>The packed shapes are copied in and out; two results are equal when their tensors are equal
 * and their packed shapes hold the same lengths.
 *
 * @param tensor       the packed tensor
 * @param packedShapes per input, the lengths of its packed axes
 */
public record Packed<T>(T tensor, List<long[]> packedShapes) {
    public Packed {
        packedShapes = copy(packedShapes);
    }

    @Override
    public List<long[]> packedShapes() {
        return copy(packedShapes);
    }

    private static List<long[]> copy(List<long[]> shapes) {
        return shapes.stream().map(long[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Packed<?> p && Objects.equals(tensor, p.tensor)
                && Arrays.deepEquals(packedShapes.toArray(), p.packedShapes.toArray());
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(tensor) + Arrays.deepHashCode(packedShapes.toArray());
    }

    @Override
    public String toString() {
        return "Packed[tensor=" + tensor + ", packedShapes=" + Arrays.deepToString(packedShapes.toArray()) + "]";
    }
}
