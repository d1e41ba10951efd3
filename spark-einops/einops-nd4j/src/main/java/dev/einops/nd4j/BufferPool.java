package dev.einops.nd4j;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Memory of released large arrays, kept for the next array of the same type and length. A fresh
 * large ND4J array costs a page fault per 4 KiB the first time it is written (glibc hands blocks
 * above 32 MiB straight from the kernel): for a 51 MB result that is several times the cost of the
 * copy itself. Arrays the engine releases, and results released through
 * {@link Nd4jMemory#closeUnlessShared}, come back here instead, up to a bound; the oldest are freed
 * beyond it.
 *
 * <p>Arrays of less than {@value #MIN_POOLED_BYTES} bytes, and arrays made while an ND4J workspace
 * is open (the workspace already reuses memory), bypass the pool. The bound is
 * {@code -Deinops.nd4j.pool.bytes} (default 1 GiB; 0 turns pooling off). Thread-safe.
 */
final class BufferPool {
    static final long MIN_POOLED_BYTES = 1 << 20;
    static final BufferPool SHARED = new BufferPool(Long.getLong("einops.nd4j.pool.bytes", 1L << 30));

    private record Key(DataType type, long length) {
    }

    /** A pooled buffer; compared by identity (DataBuffer's equals compares contents). */
    private static final class Slot {
        final Key key;
        final DataBuffer buffer;
        final long bytes;

        Slot(Key key, DataBuffer buffer, long bytes) {
            this.key = key;
            this.buffer = buffer;
            this.bytes = bytes;
        }
    }

    private final long capacityBytes;
    private final Map<Key, ArrayDeque<Slot>> free = new HashMap<>();
    private final LinkedHashSet<Slot> oldestFirst = new LinkedHashSet<>();
    /** The buffers held now: releasing one twice must not hand it to two later arrays. */
    private final Set<DataBuffer> held = Collections.newSetFromMap(new IdentityHashMap<>());
    private long pooledBytes;

    BufferPool(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** A C-order array of {@code shape} whose contents are undefined. */
    INDArray uninitialized(DataType type, long[] shape) {
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        if (length * type.width() >= MIN_POOLED_BYTES && !inWorkspace()) {
            DataBuffer buffer = take(new Key(type, length));
            if (buffer != null) {
                return Nd4j.create(buffer, shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
            }
        }
        return Nd4j.createUninitialized(type, shape, 'c');
    }

    /**
     * Takes back the memory of {@code x}, which nothing may use afterwards, or closes it. Only an
     * array that covers all of its memory in C order (the array itself or a reshape of it, not a
     * part of another array, not in a workspace) is kept. Releasing memory the pool already holds
     * (the same array twice, or two reshapes of one array) changes nothing.
     *
     * @return whether the memory was released (kept or freed) by this call
     */
    boolean release(INDArray x) {
        if (x.wasClosed()) {
            return false;
        }
        // A reshape of a whole array (what einops returns after a copy) is a view whose buffer is
        // a wrapper: the memory behind it is the root buffer, which the array covers exactly.
        DataBuffer buffer = x.data() == null ? null : StridedRegion.root(x.data());
        if (buffer != null && Nd4jOffHeap.isForeign(buffer)) {
            return false;   // memory someone else owns (an Arrow block): never kept, never freed here
        }
        boolean ownsAll = buffer != null && x.offset() == 0 && buffer.length() == x.length()
                && Nd4jCopies.isCContiguous(x) && !x.isAttached() && !buffer.isAttached();
        long bytes = ownsAll ? buffer.length() * buffer.getElementSize() : 0;
        if (ownsAll && bytes >= MIN_POOLED_BYTES && bytes <= capacityBytes) {
            return give(new Key(x.dataType(), buffer.length()), buffer, bytes);
        }
        if (x.closeable()) {
            x.close();
            return true;
        }
        return false;
    }

    private synchronized DataBuffer take(Key key) {
        ArrayDeque<Slot> slots = free.get(key);
        if (slots == null || slots.isEmpty()) {
            return null;
        }
        Slot slot = slots.pop();
        oldestFirst.remove(slot);
        held.remove(slot.buffer);
        pooledBytes -= slot.bytes;
        return slot.buffer;
    }

    private synchronized boolean give(Key key, DataBuffer buffer, long bytes) {
        if (!held.add(buffer)) {
            return false;
        }
        Slot slot = new Slot(key, buffer, bytes);
        free.computeIfAbsent(key, k -> new ArrayDeque<>()).push(slot);
        oldestFirst.add(slot);
        pooledBytes += bytes;
        Iterator<Slot> oldest = oldestFirst.iterator();
        while (pooledBytes > capacityBytes && oldest.hasNext()) {
            Slot victim = oldest.next();
            oldest.remove();
            free.get(victim.key).remove(victim);
            pooledBytes -= victim.bytes;
            held.remove(victim.buffer);
            victim.buffer.close();
        }
        return true;
    }

    /** Bytes held now, for tests and monitoring. */
    synchronized long pooledBytes() {
        return pooledBytes;
    }

    private static boolean inWorkspace() {
        return Nd4j.getMemoryManager().getCurrentWorkspace() != null;
    }
}
