package dev.einops.spark.memory;

import org.apache.arrow.memory.ArrowBuf;
import dev.einops.types.EinopsException;
import dev.einops.types.TensorSizeLimit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
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
            if (buffer != null && used == 0) {
                buffer.close();   // nothing to keep: its memory counts towards the new buffer
                buffer = null;
            }
            if (capacity > bytes && capacity > allocator.getHeadroom()) {
                capacity = bytes;   // growing by doubling would not fit; what is needed may
            }
            ArrowBuf grown = allocate(capacity);
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

    /**
     * A buffer of {@code bytes} from the allocator, or an {@link EinopsException} naming
     * {@value EinopsMemory#LIMIT_KEY} when the limit refuses it. Arrow's own exception cannot travel
     * to the driver (it holds an {@code Optional}, which is not serializable), so it is not kept as
     * the cause.
     */
    private ArrowBuf allocate(long bytes) {
        if (bytes > limit()) {
            throw overLimit(bytes);
        }
        try {
            return allocator.buffer(bytes);
        } catch (OutOfMemoryException e) {
            throw overLimit(bytes);
        }
    }

    /** The least limit of the allocator and its parents: the root's is {@value EinopsMemory#LIMIT_KEY}. */
    private long limit() {
        long limit = Long.MAX_VALUE;
        for (BufferAllocator a = allocator; a != null; a = a.getParentAllocator()) {
            limit = Math.min(limit, a.getLimit());
        }
        return limit;
    }

    private EinopsException overLimit(long bytes) {
        long limit = limit();
        return new EinopsException("a block needs " + bytes + " bytes (" + TensorSizeLimit.readable(bytes)
                + ") of native memory, but " + EinopsMemory.LIMIT_KEY + " is " + limit + " bytes ("
                + TensorSizeLimit.readable(limit) + ") and " + allocator.getRoot().getAllocatedMemory()
                + " bytes are in use by this executor's tasks: raise " + EinopsMemory.LIMIT_KEY
                + " or lower spark.einops.block.bytes");
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
