package dev.einops.samediff;

import dev.einops.nd4j.Nd4jMemory;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;

/**
 * Memory for running a SameDiff graph again and again. SameDiff 1.0.0-M2.1 gives every op output
 * of every run fresh off-heap memory, and a 51 MB output's page faults cost ten times the copy that
 * fills it. This memory manager takes the arrays of a graph's runs (outputs and intermediates) from
 * the memory einops lends for its own results: intermediates go back as soon as SameDiff releases
 * them, outputs when the caller releases them as any einops result (or when the collector finds
 * them dropped), and the next run reuses both.
 *
 * <pre>{@code
 * SameDiffMemory.reuseAcrossRuns(sd);                               // on the thread that runs sd
 * for (INDArray batch : batches) {
 *     INDArray y = sd.output(Map.of("x", batch), "y").get("y");
 *     consume(y);
 *     Nd4jMemory.closeUnlessShared(y, batch);                         // back for the next run
 * }
 * }</pre>
 */
public final class SameDiffMemory extends AbstractMemoryMgr {
    private SameDiffMemory() {
    }

    /**
     * Makes the calling thread's runs of {@code sd} ({@code output}, {@code exec},
     * {@code calculateGradients}'s forward pass) take their arrays from einops' memory; SameDiff
     * keeps one session per thread, so each thread that runs the graph calls this once.
     */
    public static void reuseAcrossRuns(SameDiff sd) {
        InferenceSession session = sd.getSessions().computeIfAbsent(Thread.currentThread().getId(),
                id -> new InferenceSession(sd));
        if (!(session.getMmgr() instanceof SameDiffMemory)) {
            session.getMmgr().close();
            session.setMmgr(new SameDiffMemory());
        }
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return Nd4jMemory.uninitialized(dataType, shape);
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            return org.nd4j.linalg.factory.Nd4j.create(descriptor);
        }
        return allocate(detached, descriptor.dataType(), descriptor.getShape());
    }

    /** Gives back an intermediate SameDiff no longer needs, when its memory is einops'; anything else is left alone. */
    @Override
    public void release(INDArray array) {
        if (Nd4jMemory.isLent(array)) {
            Nd4jMemory.closeUnlessShared(array);
        }
    }

    @Override
    public void close() {
        // nothing held: released arrays are einops' again
    }
}
