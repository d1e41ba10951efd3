package dev.einops.bench;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The copy floor of the tutorial workloads: ND4J {@code assign} of a workload's bytes into an array
 * that already exists, for outputs the size of the input or (repeat) four times it. Made at setup,
 * measured through {@link FloorProbe} at tear-down, then closed.
 */
final class AssignFloor implements AutoCloseable {
    private final INDArray source;
    private final INDArray target;
    private final INDArray fourTimesSource;
    private final INDArray fourTimesTarget;

    AssignFloor(INDArray source) {
        this.source = source;
        target = Nd4j.create(source.dataType(), source.shape());
        fourTimesSource = Nd4j.rand(source.dataType(), 4 * source.length());
        fourTimesTarget = Nd4j.create(source.dataType(), 4 * source.length());
    }

    /** Records the floor for {@code id}: the copy of the source's bytes, or four times as many. */
    void record(String id, boolean fourTimesTheBytes) {
        if (fourTimesTheBytes) {
            FloorProbe.record(id, 15, 1, FloorProbe.MILLIS, () -> fourTimesTarget.assign(fourTimesSource));
        } else {
            FloorProbe.record(id, 15, 1, FloorProbe.MILLIS, () -> target.assign(source));
        }
    }

    /** Closes the floor's own arrays (not the source). */
    @Override
    public void close() {
        target.close();
        fourTimesSource.close();
        fourTimesTarget.close();
    }
}
