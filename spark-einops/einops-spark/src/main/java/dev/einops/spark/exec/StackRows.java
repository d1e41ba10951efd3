package dev.einops.spark.exec;

import dev.einops.types.EinopsException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.InterpretedOrdering;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;

/**
 * The rows a {@link StackAccumulator} has gathered, each as its order key in Spark's binary format,
 * its tensor's shape and its elements' bytes: at most {@code maxBytes} bytes of elements, put in key
 * order with a check that no two keys are equal, and written to and read from a compact form of
 * bytes.
 */
final class StackRows {
    /** One row: its order key in Spark's binary format, its tensor's shape and its elements' bytes. */
    record Entry(byte[] key, long[] shape, byte[] data) {
    }

    private final DataType orderType;
    private final long maxBytes;
    private final RowErrors errors;
    private final List<Entry> entries = new ArrayList<>();
    private long bytes;

    /**
     * @param orderType the Spark type of the order keys
     * @param maxBytes  the most tensor bytes the rows may hold
     * @param errors    how errors (too many bytes, keys that repeat) name the column and the call
     */
    StackRows(DataType orderType, long maxBytes, RowErrors errors) {
        this.orderType = orderType;
        this.maxBytes = maxBytes;
        this.errors = errors;
    }

    /** The number of rows. */
    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The rows in the order they came. */
    List<Entry> entries() {
        return entries;
    }

    /** The shape of the first row, which every row has; null when there are none. */
    long[] shape() {
        return entries.isEmpty() ? null : entries.get(0).shape();
    }

    /**
     * Takes room for {@code more} bytes of elements.
     *
     * @throws EinopsException if the rows would hold more than {@code maxBytes}
     */
    void grow(long more) {
        if (bytes + more > maxBytes) {
            throw errors.failure("stacking needs all of a group's rows in one task, and this group holds more "
                    + "than spark.einops.stack.maxBytes = " + maxBytes + " bytes of tensors; raise the limit or stack "
                    + "smaller groups", null);
        }
        bytes += more;
    }

    /**
     * Adds a row whose bytes were counted by {@link #grow}.
     */
    void add(Entry e) {
        entries.add(e);
    }

    /**
     * The rows ordered by their keys.
     *
     * @throws EinopsException if two rows have the same order key
     */
    List<Entry> sorted() {
        InterpretedOrdering ordering = InterpretedOrdering.forSchema(
                scala.jdk.javaapi.CollectionConverters.asScala(List.of(orderType)).toSeq());
        List<Entry> sorted = new ArrayList<>(entries);
        Comparator<Entry> byKey = (a, b) -> ordering.compare(keyRow(a), keyRow(b));
        sorted.sort(byKey);
        for (int i = 1; i < sorted.size(); i++) {
            if (byKey.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
                throw errors.failure("two rows have the same order key " + keyRow(sorted.get(i)).get(0, orderType)
                        + ", so the order of the stack is undefined; order by a column that is unique in each group", null);
            }
        }
        return sorted;
    }

    private static UnsafeRow keyRow(Entry e) {
        UnsafeRow row = new UnsafeRow(1);
        row.pointTo(e.key(), e.key().length);
        return row;
    }

    /** The rows in a compact form: for each, its key's bytes, its shape and its elements' bytes. */
    byte[] toBytes() {
        int size = 4;
        for (Entry e : entries) {
            size += 4 + e.key().length + 4 + 8 * e.shape().length + 4 + e.data().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(entries.size());
        for (Entry e : entries) {
            out.putInt(e.key().length).put(e.key());
            out.putInt(e.shape().length);
            for (long d : e.shape()) {
                out.putLong(d);
            }
            out.putInt(e.data().length).put(e.data());
        }
        return out.array();
    }

    /** The rows {@link #toBytes()} wrote, with the same limit and failures. */
    static StackRows fromBytes(byte[] state, DataType orderType, long maxBytes, RowErrors errors) {
        StackRows rows = new StackRows(orderType, maxBytes, errors);
        ByteBuffer in = ByteBuffer.wrap(state);
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            byte[] key = new byte[in.getInt()];
            in.get(key);
            long[] shape = new long[in.getInt()];
            for (int a = 0; a < shape.length; a++) {
                shape[a] = in.getLong();
            }
            byte[] data = new byte[in.getInt()];
            in.get(data);
            rows.entries.add(new Entry(key, shape, data));
            rows.bytes += data.length;
        }
        return rows;
    }
}
