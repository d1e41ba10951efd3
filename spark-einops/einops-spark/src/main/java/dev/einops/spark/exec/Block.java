package dev.einops.spark.exec;

import dev.einops.nd4j.Nd4jBackend;
import dev.einops.nd4j.Nd4jOffHeap;
import dev.einops.nd4j.Nd4jTypes;
import dev.einops.spark.memory.Slab;
import dev.einops.spark.tensor.UnsafeLayout;
import dev.einops.spark.transform.BlockStep;
import dev.einops.spark.transform.TensorChain;
import dev.einops.types.ElementType;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rows of one {@link ChainRunner} window that share a shape: one block. Their tensors are copied
 * one after the other into the input slab; the block then goes through the chain's steps once, and
 * its result is written as row images (one per row, or per exploded row) into an output slab.
 */
final class Block {
    final int index;
    final long[] shape;
    final long rowBytes;
    final Slab input;
    private final ElementType type;
    private final TensorChain chain;
    private final Nd4jBackend backend;
    Slab output;
    private UnsafeLayout image;
    int count;
    int exploded = 1;
    boolean failed;

    /**
     * @param index the group's place in its window
     * @param input where the rows' tensors are copied
     */
    Block(int index, long[] shape, TensorChain chain, Nd4jBackend backend, Slab input) {
        this.index = index;
        this.shape = shape;
        this.type = chain.inputType().elementType();
        this.chain = chain;
        this.backend = backend;
        long elements = 1;
        for (long d : shape) {
            elements = Math.multiplyExact(elements, d);
        }
        this.rowBytes = Math.multiplyExact(elements, type.byteWidth());
        this.input = input;
    }

    /** The address the next row's tensor is copied to; {@link #commit} takes it. */
    long reserve() {
        return input.ensure((count + 1) * rowBytes) + count * rowBytes;
    }

    /** Takes the row copied at {@link #reserve}'s address and returns its slot. */
    int commit() {
        count++;
        input.setUsed(count * rowBytes);
        return count - 1;
    }

    /**
     * Runs the block through the chain and writes the result into a slab from {@code slabs}.
     *
     * @throws dev.einops.types.EinopsException when the block's shape does not fit a step
     */
    void evaluate(Supplier<Slab> slabs) {
        long[] blockShape = new long[shape.length + 1];
        blockShape[0] = count;
        System.arraycopy(shape, 0, blockShape, 1, shape.length);
        try (Nd4jOffHeap.Region in = rowBytes == 0 ? null : Nd4jOffHeap.region(input.address(), count * rowBytes)) {
            INDArray block = in == null ? Nd4j.create(Nd4jTypes.dataType(type), blockShape, 'c')
                    : in.wrap(Nd4jTypes.dataType(type), blockShape);
            INDArray result = block;
            for (BlockStep step : chain.steps()) {
                boolean engineMemory = result != block && !backend.sharesStorage(result, block);
                result = step.apply(result, backend, engineMemory);
            }
            write(result, slabs);
            if (result != block && !backend.sharesStorage(result, block)) {
                backend.release(result);
            }
        }
    }

    /**
     * Writes the block's result as row images: one per row, or, for a chain that explodes, one per
     * exploded row (the result's second axis), row after row.
     */
    private void write(INDArray result, Supplier<Slab> slabs) {
        exploded = chain.explodes() ? Math.toIntExact(result.shape()[1]) : 1;
        output = slabs.get();
        image = UnsafeLayoutWriter.write(result, chain.explodes() ? 2 : 1, chain.outputType(), output);
    }

    /** The {@code j}-th row the row in {@code slot} explodes into (0 unless the chain explodes). */
    Object value(int slot, int j) {
        return image.value(output.address() + ((long) slot * exploded + j) * image.bytes());
    }
}
