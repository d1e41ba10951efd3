package dev.einops.spark.exec;

import dev.einops.spark.ErrorMode;
import dev.einops.types.ElementType;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.transform.ExplodeTransform;
import dev.einops.spark.transform.TensorChain;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;

/**
 * One row's einops steps evaluated alone: what an einops expression does where the block operator
 * does not run it (inside a filter or an aggregate, when constant-folded on the driver, in a session
 * where the planner rule is not installed). Correct, and the same code as the blocks, but each call
 * pays for its own memory and engine call.
 *
 * <pre>{@code
 * TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
 * TensorChain chain = TensorChain.of(pairs, List.of(RowTransform.of(Operation.REARRANGE, "a b -> b a", null, Map.of(), false)));
 * Object result = RowFallback.evaluate(chain, "t", ErrorMode.FAILFAST,
 *         ArrayData.toArrayData(new float[] {1, 2, 3, 4, 5, 6}));   // [1, 4, 2, 5, 3, 6], on the heap
 * }</pre>
 */
public final class RowFallback {
    private RowFallback() {
    }

    /** The result for one row's value (null for null), copied to the heap. */
    public static Object evaluate(TensorChain chain, String column, ErrorMode mode, Object value) {
        if (value == null) {
            return null;
        }
        try (TaskMemory memory = TaskMemory.open("einops-row");
             ChainRunner runner = new ChainRunner(chain, column, mode, memory.allocator())) {
            long handle = runner.add(value);
            runner.evaluate();
            return UnsafeLayoutWriter.onHeap(runner.value(handle));
        }
    }

    /**
     * The rows one row's tensor explodes into (none for null), each its tensor and, if asked, its
     * index along each exploded axis, copied to the heap; a malformed tensor gives none in PERMISSIVE
     * mode.
     */
    public static List<InternalRow> explode(TensorChain chain, ExplodeTransform explode, String column, ErrorMode mode,
                                            boolean indices, Object value) {
        if (value == null) {
            return List.of();
        }
        try (TaskMemory memory = TaskMemory.open("einops-row");
             ChainRunner runner = new ChainRunner(chain, column, mode, memory.allocator())) {
            long handle = runner.add(value);
            runner.evaluate();
            int n = runner.explodedRows(handle);
            long[] lengths = n == 0 ? null : explode.indexLengths(runner.rowShape(handle));
            List<InternalRow> rows = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                Object[] fields = new Object[1 + (indices ? lengths.length : 0)];
                fields[0] = UnsafeLayoutWriter.onHeap(runner.value(handle, j));
                int[] at = indices ? ExplodeTransform.indices(lengths, j) : new int[0];
                for (int a = 0; a < at.length; a++) {
                    fields[1 + a] = at[a];
                }
                rows.add(new GenericInternalRow(fields));
            }
            return rows;
        }
    }
}
