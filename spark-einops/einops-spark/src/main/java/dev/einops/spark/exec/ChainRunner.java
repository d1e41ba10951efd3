package dev.einops.spark.exec;

import dev.einops.types.EinopsException;
import dev.einops.nd4j.Nd4jBackend;
import dev.einops.spark.ErrorMode;
import dev.einops.spark.memory.Slab;
import dev.einops.spark.tensor.MalformedTensorException;
import dev.einops.spark.tensor.UnsafeLayout;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorReader;
import dev.einops.spark.transform.BlockStep;
import dev.einops.spark.transform.RowTransform;
import dev.einops.spark.transform.TensorChain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Runs one {@link TensorChain} over a window of rows: each row's tensor is copied into the block of
 * its shape as it arrives, every block then goes through the engine once per step, and the results
 * are written, in Spark's binary format, into memory each row's value points into (see
 * {@link UnsafeLayout}). All memory comes from one Arrow allocator and is reused window after window.
 *
 * <pre>{@code
 * TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
 * TensorChain chain = TensorChain.of(pairs, List.of(RowTransform.of(Operation.REARRANGE, "a b -> b a", null, Map.of(), false)));
 * TaskMemory memory = TaskMemory.open("example");
 * ChainRunner runner = new ChainRunner(chain, "t", ErrorMode.FAILFAST, memory.allocator());
 * long row = runner.add(ArrayData.toArrayData(new float[] {1, 2, 3, 4, 5, 6}));   // copied into its shape's block
 * runner.evaluate();                                                              // one engine call per block
 * float[] result = ((ArrayData) runner.value(row)).toFloatArray();               // [1, 4, 2, 5, 3, 6]
 * runner.close();
 * memory.close();
 * }</pre>
 *
 * <p>Not thread-safe: one runner per task and chain.
 */
public final class ChainRunner implements AutoCloseable {
    /** The handle of a row whose result is null. */
    public static final long NULL = -1;
    private static final int MAX_SPARE_SLABS = 8;

    private final TensorChain chain;
    private final TensorReader reader;
    private final String column;
    private final ErrorMode mode;
    private final BufferAllocator allocator;
    private final Nd4jBackend backend = new Nd4jBackend();
    private final List<Block> groups = new ArrayList<>();
    private final Map<Shape, Block> byShape = new HashMap<>();
    private final ArrayDeque<Slab> spare = new ArrayDeque<>();
    private long windowBytes;
    private long malformedRows;
    private long blocks;

    public ChainRunner(TensorChain chain, String column, ErrorMode mode, BufferAllocator allocator) {
        this.chain = chain;
        this.reader = TensorReader.of(chain.inputType(), chain.readShape());
        this.column = column;
        this.mode = mode;
        this.allocator = allocator;
    }

    /**
     * Copies {@code value}'s tensor into the block of its shape.
     *
     * @return the row's handle for {@link #value}, or {@link #NULL} for a null value or, in PERMISSIVE
     *         mode, a malformed one
     * @throws EinopsException for a malformed value in FAILFAST mode
     */
    public long add(Object value) {
        if (value == null) {
            return NULL;
        }
        long[] shape = null;
        try {
            shape = reader.shape(value);
            Block group = byShape.get(new Shape(shape));
            if (group == null) {
                group = new Block(groups.size(), shape, chain, backend, takeSlab());
                groups.add(group);
                byShape.put(new Shape(shape), group);
            }
            long address = group.reserve();
            reader.copy(value, shape, address);
            windowBytes += group.rowBytes;
            return ((long) group.index << 32) | group.commit();
        } catch (MalformedTensorException e) {
            return malformed(e.getMessage(), e.shape() != null ? e.shape() : shape);
        }
    }

    private long malformed(String reason, long[] shape) {
        BlockStep first = chain.steps().get(0);
        EinopsException error = RowErrors.error(reason, column, first.label(), first.pattern(), shape,
                first.axesLengths());
        if (mode == ErrorMode.FAILFAST) {
            throw error;
        }
        malformedRows++;
        return NULL;
    }

    /** Input bytes gathered in this window. */
    public long windowBytes() {
        return windowBytes;
    }

    /**
     * Runs every block of the window through the chain.
     *
     * @throws EinopsException in FAILFAST mode when a block's shape does not fit a step
     */
    public void evaluate() {
        for (Block group : groups) {
            if (group.count == 0) {
                continue;   // its only rows were malformed
            }
            try {
                group.evaluate(this::takeSlab);
                blocks++;
            } catch (EinopsException e) {
                if (mode == ErrorMode.FAILFAST) {
                    throw RowErrors.inColumn(e, column);
                }
                group.failed = true;
                malformedRows += group.count;
            }
        }
    }

    /** The result of the row with {@code handle}: a Spark value pointing into this runner's memory until {@link #reset}. */
    public Object value(long handle) {
        return value(handle, 0);
    }

    /**
     * For a chain that explodes, the {@code j}-th row the row with {@code handle} explodes into
     * (valid until {@link #reset}).
     */
    public Object value(long handle, int j) {
        if (handle == NULL) {
            return null;
        }
        Block group = groups.get((int) (handle >>> 32));
        return group.failed ? null : group.value((int) handle, j);
    }

    /** How many rows the row with {@code handle} explodes into: 0 for a null or malformed row, 1 unless the chain explodes. */
    public int explodedRows(long handle) {
        if (handle == NULL) {
            return 0;
        }
        Block group = groups.get((int) (handle >>> 32));
        return group.failed ? 0 : group.exploded;
    }

    /** The shape of the row with {@code handle} as read, or null for a null or malformed row. */
    public long[] rowShape(long handle) {
        if (handle == NULL) {
            return null;
        }
        Block group = groups.get((int) (handle >>> 32));
        return group.failed ? null : group.shape.clone();
    }

    /** Starts a new window; the memory of the last one is kept for reuse. */
    public void reset() {
        for (Block group : groups) {
            giveBack(group.input);
            giveBack(group.output);
        }
        groups.clear();
        byShape.clear();
        windowBytes = 0;
    }

    /** Rows given null because they were malformed, so far. */
    public long malformedRows() {
        return malformedRows;
    }

    /** Blocks evaluated so far. */
    public long blocks() {
        return blocks;
    }

    private Slab takeSlab() {
        Slab slab = spare.poll();
        return slab != null ? slab : new Slab(allocator);
    }

    private void giveBack(Slab slab) {
        if (slab == null) {
            return;
        }
        slab.setUsed(0);
        if (spare.size() < MAX_SPARE_SLABS) {
            spare.push(slab);
        } else {
            slab.close();
        }
    }

    /** Returns all memory to the allocator. */
    @Override
    public void close() {
        reset();
        spare.forEach(Slab::close);
        spare.clear();
    }

    /** A shape as a map key. */
    private record Shape(long[] lengths) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && Arrays.equals(lengths, s.lengths);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(lengths);
        }
    }
}
