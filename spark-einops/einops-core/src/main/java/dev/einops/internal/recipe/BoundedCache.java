package dev.einops.internal.recipe;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe map of computed values with a fixed capacity. Lookups take no lock. When full, it
 * evicts an arbitrary quarter of its entries: values are cheap to recompute, so a hit rate near
 * the reference's LRU is not worth a lock on every hit.
 *
 * <pre>{@code
 * BoundedCache<String, Integer> lengths = new BoundedCache<>(128);
 * lengths.get("abc", String::length);   // 3, computed once
 * }</pre>
 *
 * <p>Two threads missing the same key at once may both compute it; one result is kept. Values
 * must therefore be immutable and equal for equal keys. A computation that throws stores nothing.
 */
public final class BoundedCache<K, V> {
    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final int capacity;

    public BoundedCache(int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("capacity must be at least 4, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The value for {@code key}, computed by {@code compute} if absent. */
    public V get(K key, Function<? super K, ? extends V> compute) {
        V value = entries.get(key);
        if (value != null) {
            return value;
        }
        V computed = compute.apply(key);
        if (entries.size() >= capacity) {
            evictQuarter();
        }
        V raced = entries.putIfAbsent(key, computed);
        return raced != null ? raced : computed;
    }

    /** The number of entries now. */
    public int size() {
        return entries.size();
    }

    /** Removes every entry. */
    public void clear() {
        entries.clear();
    }

    private void evictQuarter() {
        int toRemove = Math.max(1, capacity / 4);
        Iterator<K> keys = entries.keySet().iterator();
        while (toRemove-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
