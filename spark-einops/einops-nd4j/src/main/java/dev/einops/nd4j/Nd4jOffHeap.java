package dev.einops.nd4j;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.BooleanPointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J arrays over native memory that someone else owns (an Arrow buffer, say), without copying:
 * the arrays read and write that memory in place, and ND4J never frees it. The owner opens a
 * {@link Region} for the memory while arrays over it are in use and closes it before freeing the
 * memory; while it is open, the engine's buffer pool refuses to keep that memory, whoever releases
 * an array over it.
 *
 * <pre>{@code
 * FloatPointer memory = new FloatPointer(6);                       // memory ND4J does not own
 * try (Nd4jOffHeap.Region region = Nd4jOffHeap.region(memory.address(), 6 * 4)) {
 *     INDArray x = region.wrap(DataType.FLOAT, new long[] {2, 3});
 *     x.assign(1);                                                 // writes into that memory
 *     INDArray target = Nd4j.zeros(DataType.FLOAT, 3, 2);
 *     Nd4jOffHeap.copyInto(Einops.rearrange(x, "a b -> b a"), target);   // target is all ones
 * }
 * memory.close();
 * }</pre>
 */
public final class Nd4jOffHeap {
    private static final Set<Region> OPEN = ConcurrentHashMap.newKeySet();

    private Nd4jOffHeap() {
    }

    /** Opens the region of {@code bytes} bytes at {@code address} for wrapping. */
    public static Region region(long address, long bytes) {
        if (address == 0 || bytes <= 0) {
            throw new IllegalArgumentException("no memory to wrap at " + address + " (" + bytes + " bytes)");
        }
        Region region = new Region(address, bytes);
        OPEN.add(region);
        return region;
    }

    /** Copies {@code source} into {@code target}, an array or view of the same shape, converting the type if needed. */
    public static void copyInto(INDArray source, INDArray target) {
        Nd4jCopies.copyInto(source, target);
    }

    /** Whether {@code buffer}'s memory lies in an open region. */
    static boolean isForeign(DataBuffer buffer) {
        if (OPEN.isEmpty()) {
            return false;
        }
        long address = buffer.address();
        for (Region r : OPEN) {
            if (address >= r.address && address < r.address + r.bytes) {
                return true;
            }
        }
        return false;
    }

    /** Memory someone else owns, open for wrapping until closed. Closing twice is safe. */
    public static final class Region implements AutoCloseable {
        private final long address;
        private final long bytes;

        private Region(long address, long bytes) {
            this.address = address;
            this.bytes = bytes;
        }

        /** A C-order array of {@code shape} at the region's start. */
        public INDArray wrap(DataType type, long[] shape) {
            return wrap(type, shape, Nd4j.getStrides(shape, 'c'), 0);
        }

        /**
         * An array of {@code shape} with {@code strides} (in elements) whose first element is element
         * {@code offset} of the region.
         *
         * @throws IllegalArgumentException if the layout reaches outside the region, or is empty
         */
        public INDArray wrap(DataType type, long[] shape, long[] strides, long offset) {
            long capacity = bytes / type.width();
            long last = offset;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] <= 0 || strides[i] < 0) {
                    throw new IllegalArgumentException("cannot wrap an empty or negatively strided layout");
                }
                last += (shape[i] - 1) * strides[i];
            }
            if (offset < 0 || last >= capacity) {
                throw new IllegalArgumentException("layout reaches element " + last + " of a region of " + capacity);
            }
            DataBuffer buffer = Nd4j.createBuffer(pointer(address, capacity, type), capacity, type);
            return Nd4j.create(buffer, shape.clone(), strides.clone(), offset, 'c');
        }

        @Override
        public void close() {
            OPEN.remove(this);
        }
    }

    /** A JavaCPP pointer of {@code type}'s class over {@code n} elements at {@code at}, which it does not own. */
    static Pointer pointer(long at, long n, DataType type) {
        Pointer raw = new Pointer() {
            {
                address = at;
            }
        };
        Pointer typed = switch (type) {
            case FLOAT -> new FloatPointer(raw);
            case DOUBLE -> new DoublePointer(raw);
            case INT, UINT32 -> new IntPointer(raw);
            case LONG, UINT64 -> new LongPointer(raw);
            case BOOL -> new BooleanPointer(raw);
            case HALF, BFLOAT16, SHORT, UINT16 -> new ShortPointer(raw);
            case BYTE, UBYTE -> new BytePointer(raw);
            default -> throw new IllegalArgumentException("cannot wrap " + type + " memory");
        };
        return typed.capacity(n).limit(n);
    }
}
