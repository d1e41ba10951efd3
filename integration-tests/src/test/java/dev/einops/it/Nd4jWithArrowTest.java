package dev.einops.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J and Arrow in one JVM: Spark 4's Arrow 18 needs flatbuffers-java 24.x while ND4J was built
 * against 1.12; the build pins 24.3.25. This test runs Arrow's IPC (which uses flatbuffers) after
 * ND4J has started and moves a tensor through both, so a dependency change that breaks either side
 * fails here.
 */
class Nd4jWithArrowTest {
    @Test
    void tensorTravelsThroughArrowIpcAndEinops() throws Exception {
        INDArray x = Nd4j.arange(24).castTo(DataType.DOUBLE).reshape('c', 2, 3, 4);
        INDArray y = Einops.rearrange(x, "a b c -> (c a b)");
        double[] values = y.dup('c').data().asDouble();

        byte[] ipc;
        try (BufferAllocator allocator = new RootAllocator();
             Float8Vector vector = new Float8Vector("tensor", allocator)) {
            vector.allocateNew(values.length);
            for (int i = 0; i < values.length; i++) {
                vector.set(i, values[i]);
            }
            vector.setValueCount(values.length);
            try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(vector));
                 ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                 ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
                writer.start();
                writer.writeBatch();
                writer.end();
                ipc = bytes.toByteArray();
            }
        }

        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator)) {
            reader.loadNextBatch();
            Float8Vector read = (Float8Vector) reader.getVectorSchemaRoot().getVector("tensor");
            double[] back = new double[read.getValueCount()];
            for (int i = 0; i < back.length; i++) {
                back[i] = read.get(i);
            }
            INDArray restored = Einops.rearrange(Nd4j.create(back, new long[] {24}, DataType.DOUBLE),
                    "(c a b) -> a b c", java.util.Map.of("a", 2, "b", 3));
            assertEquals(x, restored);
            reader.close();
            assertEquals(0, allocator.getAllocatedMemory(), "every Arrow byte is released");
        }
        assertArrayEquals(new long[] {24}, y.shape());
    }
}
