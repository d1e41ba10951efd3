package dev.einops.nd4j;

import java.lang.reflect.Field;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sun.misc.Unsafe;

/**
 * Where an ND4J array's elements live: element {@code [i0, i1, ...]} is at byte
 * {@code address + (offset + i0 * strides[0] + i1 * strides[1] + ...) * width} of native memory.
 * This is what the Java kernels read and write, through {@link #MEMORY} as Arrow and Netty do:
 * a {@code ByteBuffer} costs a third more per element on JDK 17.
 *
 * <p>Every region is checked to lie inside its array's memory before a kernel touches it
 * ({@link #checkBounds}), so that a wrong layout fails with an exception instead of corrupting
 * memory.
 *
 * @param address  the native address of the root buffer's first element
 * @param capacity the root buffer's length in elements
 * @param offset   the first element's index in the buffer
 * @param shape    the array's shape
 * @param strides  the array's strides, in elements (never negative for ND4J arrays)
 * @param width    bytes per element
 */
record StridedRegion(long address, long capacity, long offset, long[] shape, long[] strides, int width) {
    static final Unsafe MEMORY = unsafe();
    /**
     * Whether ND4J keeps arrays in this process's memory (the CPU backend). With a device backend
     * (CUDA) buffer addresses are device pointers, so the kernels stand aside and ND4J does the work.
     */
    static final boolean HOST_MEMORY = Nd4j.getExecutioner().getClass().getName().contains(".cpu.");

    /**
     * The region of {@code x}, or null when the Java kernels cannot address it: an empty or string
     * array, or any array when ND4J's backend keeps memory on a device.
     */
    static StridedRegion of(INDArray x) {
        DataType type = x.dataType();
        if (!HOST_MEMORY || x.isEmpty() || type == DataType.UTF8 || type == DataType.COMPRESSED
                || type == DataType.UNKNOWN) {
            return null;
        }
        DataBuffer root = root(x.data());
        long address = root.address();
        if (address == 0) {
            return null;
        }
        StridedRegion region = new StridedRegion(address, root.length(), x.offset(), x.shape(), x.stride(),
                (int) root.getElementSize());
        region.checkBounds();
        return region;
    }

    static DataBuffer root(DataBuffer buffer) {
        DataBuffer current = buffer;
        while (current.originalDataBuffer() != null && current.originalDataBuffer() != current) {
            current = current.originalDataBuffer();
        }
        return current;
    }

    /** The same memory seen with another shape and strides (a broadcast, say). */
    StridedRegion withLayout(long[] newShape, long[] newStrides) {
        StridedRegion region = new StridedRegion(address, capacity, offset, newShape, newStrides, width);
        region.checkBounds();
        return region;
    }

    long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Throws unless every element the layout names lies inside the buffer. */
    void checkBounds() {
        long last = offset;
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] == 0) {
                return;
            }
            if (strides[a] < 0) {
                throw new IllegalStateException("negative stride in " + this);
            }
            last += (shape[a] - 1) * strides[a];
        }
        if (offset < 0 || last >= capacity) {
            throw new IllegalStateException("layout reaches element " + last + " of a buffer of " + capacity);
        }
    }

    private static Unsafe unsafe() {
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "region(offset " + offset + ", shape " + java.util.Arrays.toString(shape) + ", strides "
                + java.util.Arrays.toString(strides) + ", width " + width + ")";
    }
}
