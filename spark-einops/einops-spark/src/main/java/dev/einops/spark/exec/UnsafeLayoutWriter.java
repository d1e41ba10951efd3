package dev.einops.spark.exec;

import dev.einops.nd4j.Nd4jOffHeap;
import dev.einops.nd4j.Nd4jTypes;
import dev.einops.spark.memory.Slab;
import dev.einops.spark.tensor.UnsafeLayout;
import dev.einops.spark.tensor.TensorColumnType;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes an engine result as row images (Spark's binary format, see {@link UnsafeLayout}) into a slab:
 * the result's first {@code leading} axes count the images, the rest is each image's tensor. The
 * tensor library copies all elements at once into a strided view of the images, converting the
 * element type if needed.
 *
 * <pre>{@code
 * INDArray result = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, DataType.FLOAT);   // 2 rows of 2
 * TensorColumnType flat = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2});
 * try (TaskMemory memory = TaskMemory.open("example"); Slab slab = new Slab(memory.allocator())) {
 *     UnsafeLayout image = UnsafeLayoutWriter.write(result, 1, flat, slab);
 *     float[] second = ((ArrayData) image.value(slab.address() + image.bytes())).toFloatArray();   // [3, 4]
 * }
 * }</pre>
 */
public final class UnsafeLayoutWriter {
    private UnsafeLayoutWriter() {
    }

    /**
     * Writes {@code result}, whose first {@code leading} axes count the images, as images of
     * {@code type}'s encoding and element type into {@code slab}, image after image, from its start.
     *
     * @return the layout of each image (all share it); image {@code i} is at {@code slab.address() + i * bytes()}
     */
    public static UnsafeLayout write(INDArray result, int leading, TensorColumnType type, Slab slab) {
        long[] shape = result.shape();
        long images = 1;
        for (int a = 0; a < leading; a++) {
            images *= shape[a];
        }
        UnsafeLayout image = UnsafeLayout.of(type.encoding(), type.elementType(), Arrays.copyOfRange(shape, leading, shape.length));
        long bytes = image.bytes();
        long base = slab.ensure(Math.max(1, images * bytes));
        slab.setUsed(images * bytes);
        for (long i = 0; i < images; i++) {
            image.writeHeaders(base + i * bytes);
        }
        if (result.length() == 0) {
            return image;
        }
        int w = type.elementType().byteWidth();
        long[] strides = image.strides();
        long[] view = new long[strides.length + leading];
        long step = bytes / w;
        for (int a = leading - 1; a >= 0; a--) {
            view[a] = step;
            step *= shape[a];
        }
        System.arraycopy(strides, 0, view, leading, strides.length);
        try (Nd4jOffHeap.Region region = Nd4jOffHeap.region(base, images * bytes)) {
            INDArray target = region.wrap(Nd4jTypes.dataType(type.elementType()), shape, view, image.dataOffset() / w);
            Nd4jOffHeap.copyInto(result, target);
        }
        return image;
    }

    /**
     * {@code tensor} as one value of a column of {@code type}'s encoding and element type (with the
     * tensor's shape), copied onto the heap so that it outlives the native memory from
     * {@code allocator} it is written in: what an aggregate hands back to Spark.
     */
    static Object heapValue(INDArray tensor, TensorColumnType type, BufferAllocator allocator) {
        long[] one = new long[tensor.rank() + 1];
        one[0] = 1;
        System.arraycopy(tensor.shape(), 0, one, 1, tensor.rank());
        try (Slab slab = new Slab(allocator)) {
            UnsafeLayout image = write(tensor.reshape(one), 1, type.with(type.elementType(), tensor.shape()), slab);
            return onHeap(image.value(slab.address()));
        }
    }

    /** {@code value} copied onto the heap when it points into native memory (an image), else itself. */
    static Object onHeap(Object value) {
        if (value instanceof UnsafeArrayData array) {
            return array.copy();
        }
        return value instanceof UnsafeRow row ? row.copy() : value;
    }
}
