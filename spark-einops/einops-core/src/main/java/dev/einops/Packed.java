package dev.einops;

import java.util.List;

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
 * @param tensor       the packed tensor
 * @param packedShapes per input, the lengths of its packed axes (arrays are not copied)
 */
public record Packed<T>(T tensor, List<long[]> packedShapes) {
    public Packed {
        packedShapes = List.copyOf(packedShapes);
    }
}
