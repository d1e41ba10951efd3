package dev.einops.nd4j;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sun.misc.Unsafe;

/**
 * The memory of the engine's large arrays. A fresh large ND4J array costs a page fault per 4 KiB
 * the first time it is written (glibc maps blocks above 32 MiB straight from the kernel, and
 * libnd4j zeroes what it allocates): for a 51 MB result that is several times the copy itself, and
 * ND4J gives the memory back only when the garbage collector finds the array unreachable. So arrays
 * of {@value #MIN_POOLED_BYTES} bytes or more live in native blocks that this pool owns and lends:
 * <ul>
 *   <li>a block comes back as soon as its array is released ({@link Nd4jMemory#closeUnlessShared},
 *       the engine's own intermediates, the end of an {@link Nd4jMemory.Scope}), or when the
 *       garbage collector finds the array unreachable (a result simply dropped), and serves the
 *       next array of the same byte size without page faults;</li>
 *   <li>up to {@code -Deinops.nd4j.pool.bytes} (default 1 GiB) of idle blocks are kept, the
 *       oldest freed beyond it;</li>
 *   <li>when results are dropped without release and the memory lent out has grown by that same
 *       bound since the last time, the pool asks for a garbage collection
 *       ({@code System.gc()}) once, so that dropped results come back instead of fresh memory
 *       being mapped for every call; {@code -Deinops.nd4j.pool.collect=false} turns the request
 *       off.</li>
 * </ul>
 * Each loan gets a fresh ND4J buffer over the block: an array released and then used again reads
 * whatever the block's next array wrote, as after {@code close()}, but two arrays never share a
 * block, whoever releases what and how often.
 *
 * <p>Smaller arrays, arrays made while an ND4J workspace is open (the workspace already reuses
 * memory), and every array when the bound is 0 or ND4J keeps memory on a device, are plain ND4J
 * arrays. Thread-safe.
 */
final class BufferPool {
    static final long MIN_POOLED_BYTES = 1 << 20;
    static final BufferPool SHARED = new BufferPool(Long.getLong("einops.nd4j.pool.bytes", 1L << 30),
            !"false".equalsIgnoreCase(System.getProperty("einops.nd4j.pool.collect")));
    private static final Unsafe MEMORY = StridedRegion.MEMORY;
    /** How long to wait for the collector to report unreachable arrays after a requested collection. */
    private static final long COLLECTION_WAIT_MILLIS = 20;

    /** Native memory the pool owns; lent to one array at a time. */
    private static final class Block {
        final long address;
        final long bytes;

        Block(long address, long bytes) {
            this.address = address;
            this.bytes = bytes;
        }
    }

    /**
     * One array's loan of a block, tracking the ND4J buffer over it: it ends when the array is
     * released, or when the collector finds the buffer unreachable. Guarded by the pool.
     */
    static final class Lease extends PhantomReference<DataBuffer> {
        final Block block;
        boolean ended;

        Lease(DataBuffer buffer, Block block, ReferenceQueue<DataBuffer> queue) {
            super(buffer, queue);
            this.block = block;
        }
    }

    private final long capacityBytes;
    private final boolean requestCollections;
    private final Map<Long, ArrayDeque<Block>> idle = new HashMap<>();
    private final LinkedHashSet<Block> idleOldestFirst = new LinkedHashSet<>();
    /** The loans running now, by block address (a block has one loan at a time). */
    private final Map<Long, Lease> leases = new HashMap<>();
    /** Every block the pool owns now, idle or lent, by address. */
    private final Map<Long, Block> owned = new HashMap<>();
    private final ReferenceQueue<DataBuffer> unreachable = new ReferenceQueue<>();
    private long idleBytes;
    private long lentBytes;
    /** Lent bytes at which the next collection is requested; MAX_VALUE while one is under way. */
    private long collectAt;
    private long collections;
    /** Bytes of loans the collector ended, in all. */
    private long reclaimedBytes;

    BufferPool(long capacityBytes) {
        this(capacityBytes, false);
    }

    BufferPool(long capacityBytes, boolean requestCollections) {
        this.capacityBytes = capacityBytes;
        this.requestCollections = requestCollections;
        this.collectAt = capacityBytes;
    }

    /** A C-order array of {@code shape} whose contents are undefined. */
    INDArray uninitialized(DataType type, long[] shape) {
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        long bytes = length * type.width();
        if (bytes < MIN_POOLED_BYTES || capacityBytes <= 0 || inWorkspace() || !StridedRegion.HOST_MEMORY) {
            INDArray x = Nd4j.createUninitialized(type, shape, 'c');
            Nd4jMemory.Scope.track(x);
            return x;
        }
        Block block = acquire(bytes);
        DataBuffer buffer = Nd4j.createBuffer(Nd4jOffHeap.pointer(block.address, length, type), length, type);
        Lease lease = new Lease(buffer, block, unreachable);
        synchronized (this) {
            leases.put(block.address, lease);
        }
        Nd4jMemory.Scope.track(this, lease);
        return Nd4j.create(buffer, shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
    }

    /**
     * Takes back the memory of {@code x}, which nothing may use afterwards, or closes it. Only an
     * array that covers all of its memory (the array itself, a reshape or a permutation of it, not
     * a part of another array, not in a workspace) gives its memory back. Releasing memory already
     * released (the same array twice, or two reshapes of one array) changes nothing.
     *
     * @return whether the memory was released (kept, freed or closed) by this call
     */
    boolean release(INDArray x) {
        DataBuffer root = x.isEmpty() || x.data() == null ? null : StridedRegion.root(x.data());
        if (root == null || root.wasClosed()) {
            return false;   // closed with close(): a loan's block comes back when the collector finds it
        }
        Lease lease;
        synchronized (this) {
            lease = leaseOf(root);
            if (lease == null && owned.containsKey(root.address())) {
                return false;   // an earlier loan of one of the pool's blocks: released already
            }
        }
        if (lease != null) {
            return coversAll(x, root) && end(lease);
        }
        if (x.wasClosed() || Nd4jOffHeap.isForeign(root)) {
            return false;   // closed already, or memory someone else owns (an Arrow block): never freed here
        }
        if (coversAll(x, root) && root.closeable()) {
            root.close();   // x itself may be a reshape, which ND4J calls a view and will not close
            return true;
        }
        return false;
    }

    /** The running loan of {@code root}'s block, if root is the buffer the pool made for it. */
    synchronized Lease leaseOf(DataBuffer root) {
        Lease lease = leases.get(root.address());
        return lease != null && lease.refersTo(root) ? lease : null;
    }

    /** Ends a loan: its block becomes idle (or is freed beyond the bound). False if it had ended. */
    synchronized boolean end(Lease lease) {
        if (lease.ended) {
            return false;
        }
        lease.ended = true;
        lease.clear();
        leases.remove(lease.block.address);
        lentBytes -= lease.block.bytes;
        keepIdle(lease.block);
        return true;
    }

    /** Whether x's elements are all of root's, each once: offset 0, root's length, a dense layout in any axis order. */
    static boolean coversAll(INDArray x, DataBuffer root) {
        if (x.offset() != 0 || x.length() != root.length()) {
            return false;
        }
        long[] shape = x.shape();
        long[] stride = x.stride();
        Integer[] order = new Integer[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(stride[a], stride[b]));
        long expected = 1;
        for (int a : order) {
            if (shape[a] != 1 && stride[a] != expected) {
                return false;
            }
            expected *= shape[a];
        }
        return !x.isAttached() && !root.isAttached();
    }

    private Block acquire(long bytes) {
        Block block = takeIdle(bytes);
        if (block == null && requestCollections && claimCollection()) {
            long reclaimed = collectGarbage();
            synchronized (this) {
                collectAt = Math.max(capacityBytes, lentBytes + capacityBytes);
                collections++;
            }
            block = reclaimed > 0 ? takeIdle(bytes) : null;
        }
        if (block != null) {
            return block;
        }
        Block fresh = new Block(MEMORY.allocateMemory(bytes), bytes);
        synchronized (this) {
            lentBytes += bytes;
            owned.put(fresh.address, fresh);
        }
        return fresh;
    }

    private synchronized Block takeIdle(long bytes) {
        drainUnreachable();
        ArrayDeque<Block> blocks = idle.get(bytes);
        if (blocks == null || blocks.isEmpty()) {
            return null;
        }
        Block block = blocks.pop();
        idleOldestFirst.remove(block);
        idleBytes -= block.bytes;
        lentBytes += block.bytes;
        return block;
    }

    /** Whether this thread should request a collection now; at most one thread does at a time. */
    private synchronized boolean claimCollection() {
        if (lentBytes < collectAt) {
            return false;
        }
        collectAt = Long.MAX_VALUE;
        return true;
    }

    /** Requests a collection and takes back what it found unreachable; returns the bytes taken back. */
    private long collectGarbage() {
        long before = reclaimed();
        System.gc();
        try {
            // the collector hands unreachable buffers over on its own thread, shortly after
            Reference<? extends DataBuffer> first = unreachable.remove(COLLECTION_WAIT_MILLIS);
            if (first != null) {
                synchronized (this) {
                    reclaim((Lease) first);
                    drainUnreachable();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reclaimed() - before;
    }

    private synchronized long reclaimed() {
        return reclaimedBytes;
    }

    /** Loans whose buffers the collector found unreachable end here. Called holding the lock. */
    private void drainUnreachable() {
        for (Reference<? extends DataBuffer> r = unreachable.poll(); r != null; r = unreachable.poll()) {
            reclaim((Lease) r);
        }
    }

    /**
     * Ends a loan the collector found unreachable. The next collection moves closer by its bytes:
     * the collector hands buffers over on its own thread, often after the requesting call gave up
     * waiting (a loaded machine), and a threshold set from the lent bytes of that moment would
     * otherwise count the late ones twice and map a bound's worth of fresh memory first.
     */
    private void reclaim(Lease lease) {
        if (!lease.ended) {
            reclaimedBytes += lease.block.bytes;
            if (collectAt != Long.MAX_VALUE) {
                collectAt = Math.max(capacityBytes, collectAt - lease.block.bytes);
            }
            end(lease);
        }
    }

    /** Keeps an idle block, freeing the oldest beyond the bound. Called holding the lock. */
    private void keepIdle(Block block) {
        if (block.bytes > capacityBytes) {
            free(block);
            return;
        }
        idle.computeIfAbsent(block.bytes, k -> new ArrayDeque<>()).push(block);
        idleOldestFirst.add(block);
        idleBytes += block.bytes;
        Iterator<Block> oldest = idleOldestFirst.iterator();
        while (idleBytes > capacityBytes && oldest.hasNext()) {
            Block victim = oldest.next();
            oldest.remove();
            idle.get(victim.bytes).remove(victim);
            idleBytes -= victim.bytes;
            free(victim);
        }
    }

    private void free(Block block) {
        owned.remove(block.address);
        MEMORY.freeMemory(block.address);
    }

    /** Idle bytes held now, for tests and monitoring. */
    synchronized long pooledBytes() {
        return idleBytes;
    }

    /** Bytes lent to arrays now, for tests and monitoring. */
    synchronized long lentBytes() {
        return lentBytes;
    }

    /** Collections requested so far, for tests and monitoring. */
    synchronized long collections() {
        return collections;
    }

    private static boolean inWorkspace() {
        return Nd4j.getMemoryManager().getCurrentWorkspace() != null;
    }
}
