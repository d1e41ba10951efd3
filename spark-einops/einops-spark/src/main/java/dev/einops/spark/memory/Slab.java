package dev.einops.spark.memory;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.unsafe.Platform;

/**
 * A growable run of native memory from an Arrow allocator: what one block's inputs or outputs are
 * written into. Growing keeps the bytes written so far. Not thread-safe; closing twice is safe.
 *
 * <pre>{@code
 * try (TaskMemory memory = TaskMemory.open("example"); Slab slab = new Slab(memory.allocator())) {
 *     long address = slab.ensure(1 << 20);
 *     Platform.putFloat(null, address, 1f);
 * }
 * }</pre>
 */
public final class Slab implements AutoCloseable {
    private static final long MIN_BYTES = 4096;

    private final BufferAllocator allocator;
    private ArrowBuf buffer;
    private long used;

    public Slab(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /**
     * Makes room for at least {@code bytes} bytes, keeping the first {@link #used()} bytes, and
     * returns the (possibly new) address of the first byte.
     */
    public long ensure(long bytes) {
        if (buffer == null || buffer.capacity() < bytes) {
            long capacity = Math.max(MIN_BYTES, Math.max(bytes, buffer == null ? 0 : 2 * buffer.capacity()));
            ArrowBuf grown = allocator.buffer(capacity);
            if (buffer != null) {
                if (used > 0) {
                    Platform.copyMemory(null, buffer.memoryAddress(), null, grown.memoryAddress(), used);
                }
                buffer.close();
            }
            buffer = grown;
        }
        return buffer.memoryAddress();
    }

    /** The address of the first byte; valid until the next {@link #ensure} or {@link #close}. */
    public long address() {
        return buffer == null ? 0 : buffer.memoryAddress();
    }

    /** Bytes in use, which growing keeps. */
    public long used() {
        return used;
    }

    public void setUsed(long bytes) {
        this.used = bytes;
    }

    /** Bytes of native memory held. */
    public long capacity() {
        return buffer == null ? 0 : buffer.capacity();
    }

    /** Returns the memory to the allocator; the slab can grow again afterwards. */
    @Override
    public void close() {
        if (buffer != null) {
            buffer.close();
            buffer = null;
        }
        used = 0;
    }
}
