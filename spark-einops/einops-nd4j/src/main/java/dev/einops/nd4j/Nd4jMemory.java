package dev.einops.nd4j;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Releasing einops results promptly. The engine's results of 1 MiB or more live in memory that it
 * lends and takes back ({@code -Deinops.nd4j.pool.bytes}, default 1 GiB, of it is kept idle for the
 * next results), so that a loop making large results does not pay the page faults of fresh memory
 * on every call. A result comes back fastest when it is released: one at a time with
 * {@link #closeUnlessShared}, or all those made inside a {@link #scope()}. A result simply dropped
 * comes back once the garbage collector finds it unreachable; the engine asks for a collection
 * when such results pile up (see the README: this costs a collection per gigabyte of dropped
 * results, and {@code -Deinops.nd4j.pool.collect=false} turns it off).
 *
 * <p>A result may be a view of its input (a permutation, a split or merge of axes), and closing a
 * permuted view with {@code close()} frees the input's memory too; these helpers release a result
 * only when it owns its memory.
 *
 * <pre>{@code
 * for (INDArray batch : batches) {
 *     INDArray y = Einops.rearrange(batch, "b c h w -> b (h w c)");   // a copy
 *     consume(y);
 *     Nd4jMemory.closeUnlessShared(y, batch);                       // releases y now
 * }
 * }</pre>
 */
public final class Nd4jMemory {
    private static final Nd4jBackend BACKEND = new Nd4jBackend();

    private Nd4jMemory() {
    }

    /**
     * A C-order copy of {@code x} (typically a permuted view einops returned), made by the Java
     * copy kernel into pooled memory: faster than {@code x.dup('c')} for large arrays of rank 5 and
     * more, and free of the page faults of fresh memory when earlier results were released.
     */
    public static INDArray materialize(INDArray x) {
        return Nd4jCopies.contiguousCopy(x);
    }

    /**
     * A new C-order array of {@code shape} with undefined contents, from the memory einops results
     * use: released (by {@link #closeUnlessShared}, a {@link #scope()}, or the collector when dropped)
     * like any einops result, and so free of the page faults of fresh memory when earlier arrays of
     * its size were released. For buffers a loop fills again and again (a graph's outputs, say).
     */
    public static INDArray uninitialized(DataType type, long... shape) {
        return BufferPool.SHARED.uninitialized(type, shape.clone());
    }

    /**
     * Whether {@code x} uses memory that einops lent (an einops result of 1 MiB or more, or an
     * array from {@link #uninitialized}), which {@link #closeUnlessShared} gives back for reuse.
     */
    public static boolean isLent(INDArray x) {
        return !x.isEmpty() && x.data() != null && !x.data().wasClosed()
                && BufferPool.SHARED.leaseOf(StridedRegion.root(x.data())) != null;
    }

    /**
     * Releases {@code result} unless it shares memory with one of {@code inputs}; afterwards the
     * result must not be used, exactly as after {@code close()}.
     *
     * @return whether the result was released
     */
    public static boolean closeUnlessShared(INDArray result, INDArray... inputs) {
        for (INDArray input : inputs) {
            if (result == input || BACKEND.sharesStorage(result, input)) {
                return false;
            }
        }
        return BufferPool.SHARED.release(result);
    }

    /**
     * Opens a scope on the calling thread: every array the engine makes on this thread until the
     * scope closes (results, and any intermediate still held) is released when it closes, unless
     * passed to {@link Scope#keep}. Views of the caller's own arrays are never released. As DJL's
     * {@code NDManager}: the arrays must not be used after the scope closes.
     *
     * <pre>{@code
     * for (INDArray batch : batches) {
     *     try (Nd4jMemory.Scope scope = Nd4jMemory.scope()) {
     *         INDArray y = Einops.rearrange(batch, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2));
     *         INDArray pooled = Einops.reduce(y, "b c h w -> b c", "mean");
     *         kept.add(scope.keep(pooled));                             // outlives the scope
     *     }                                                             // y's memory is back for the next batch
     * }
     * }</pre>
     */
    public static Scope scope() {
        return Scope.open();
    }

    /**
     * Arrays the engine made on one thread since the scope opened, released when it closes. Scopes
     * nest: an inner scope's arrays are its own, and an array it keeps belongs to the scope around
     * it, if any. Closing twice is safe; a scope belongs to the thread that opened it.
     */
    public static final class Scope implements AutoCloseable {
        private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
        private final Thread owner = Thread.currentThread();
        private final Scope outer;
        private final List<Object> entries = new ArrayList<>();   // BufferPool.Lease or a small INDArray
        private final List<BufferPool> pools = new ArrayList<>();  // the pool of each lease, by index
        private boolean closed;

        private Scope(Scope outer) {
            this.outer = outer;
        }

        static Scope open() {
            Scope scope = new Scope(CURRENT.get());
            CURRENT.set(scope);
            return scope;
        }

        /** Records a loan made on this thread in its innermost open scope. */
        static void track(BufferPool pool, BufferPool.Lease lease) {
            Scope scope = CURRENT.get();
            if (scope != null) {
                scope.add(lease, pool);
            }
        }

        /** Records a small array (a plain ND4J array) made on this thread in its innermost open scope. */
        static void track(INDArray array) {
            Scope scope = CURRENT.get();
            if (scope != null) {
                scope.add(array, null);
            }
        }

        private void add(Object entry, BufferPool pool) {
            entries.add(entry);
            pools.add(pool);
        }

        /**
         * Keeps {@code array} (and every view of its memory) alive past this scope: it belongs to
         * the scope around this one if there is one, else to nobody (release it as any result).
         *
         * @return {@code array}
         */
        public <A extends INDArray> A keep(A array) {
            checkOwner();
            if (array == null || array.isEmpty() || array.data() == null) {
                return array;
            }
            DataBuffer root = StridedRegion.root(array.data());
            for (int i = entries.size() - 1; i >= 0; i--) {
                Object entry = entries.get(i);
                boolean same = entry instanceof BufferPool.Lease lease ? lease.refersTo(root)
                        : StridedRegion.root(((INDArray) entry).data()) == root;
                if (same) {
                    BufferPool pool = pools.get(i);
                    entries.remove(i);
                    pools.remove(i);
                    if (outer != null && !outer.closed) {
                        outer.add(entry, pool);
                    }
                }
            }
            return array;
        }

        /**
         * Releases every array made in this scope and not kept (closing any scope opened inside it
         * first) and restores the scope around it; closing again does nothing.
         *
         * @throws IllegalStateException when called from another thread than the one that opened it
         */
        @Override
        public void close() {
            checkOwner();
            if (closed) {
                return;
            }
            for (Scope inner = CURRENT.get(); inner != null && inner != this; inner = inner.outer) {
                inner.close();
            }
            closed = true;
            for (int i = 0; i < entries.size(); i++) {
                Object entry = entries.get(i);
                if (entry instanceof BufferPool.Lease lease) {
                    pools.get(i).end(lease);
                } else if (entry instanceof INDArray array && !array.wasClosed() && array.closeable()) {
                    array.close();
                }
            }
            entries.clear();
            pools.clear();
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }

        private void checkOwner() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("A memory scope belongs to the thread that opened it, "
                        + owner.getName() + ", not " + Thread.currentThread().getName());
            }
        }
    }
}
