package dev.einops.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where an ND4J array's elements live: element {@code [i0, i1, ...]} is at
 * {@code offset + i0 * strides[0] + i1 * strides[1] + ...} (in elements) of a direct buffer over the
 * array's root memory, {@code width} bytes each. This is what the Java kernels read and write.
 *
 * @param buffer  the root buffer's memory, native byte order; only absolute get/put are used, so
 *                one buffer may be shared by threads
 * @param offset  the first element's index in the buffer
 * @param shape   the array's shape
 * @param strides the array's strides, in elements
 * @param width   bytes per element
 */
record StridedRegion(ByteBuffer buffer, long offset, long[] shape, long[] strides, int width) {

    /**
     * The region of {@code x}, or null when the Java kernels cannot address it: an empty array, a
     * string array, or memory of 2 GiB or more (a Java buffer is indexed by int).
     */
    static StridedRegion of(INDArray x) {
        DataType type = x.dataType();
        if (x.isEmpty() || type == DataType.UTF8 || type == DataType.COMPRESSED || type == DataType.UNKNOWN) {
            return null;
        }
        DataBuffer root = root(x.data());
        long bytes = root.length() * root.getElementSize();
        if (bytes >= Integer.MAX_VALUE) {
            return null;
        }
        ByteBuffer memory = root.asNio().order(ByteOrder.nativeOrder());
        return new StridedRegion(memory, x.offset(), x.shape(), x.stride(), (int) root.getElementSize());
    }

    static DataBuffer root(DataBuffer buffer) {
        DataBuffer current = buffer;
        while (current.originalDataBuffer() != null && current.originalDataBuffer() != current) {
            current = current.originalDataBuffer();
        }
        return current;
    }

    long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
