package dev.einops.nd4j;

import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Loops on the JDK's Vector API (several elements per instruction), used where the module
 * {@code jdk.incubator.vector} is in the JVM ({@code java --add-modules jdk.incubator.vector ...};
 * on Spark, in {@code spark.executor.extraJavaOptions} too) and not turned off with
 * {@code -Deinops.kernel.vector=false}. Without it the scalar loops do the same work, several times
 * slower for float max, min and sums, whose scalar forms the JIT does not vectorise. The API is
 * still incubating in Java 17: the JVM prints a warning when the module is added, and nothing here
 * loads it otherwise.
 *
 * <p>The loops address memory through direct {@code ByteBuffer}s, as Java 17's Vector API
 * requires, so arrays of 2 GiB or more keep the scalar loops.
 */
final class VectorLoops {
    /** The system property that turns the Vector API loops off ({@code false}). */
    static final String PROPERTY = "einops.kernel.vector";
    private static final Constructor<? extends ReduceKernel> REDUCE = load();

    private VectorLoops() {
    }

    /** Whether the Vector API loops run in this JVM. */
    static boolean enabled() {
        return REDUCE != null;
    }

    private static Constructor<? extends ReduceKernel> load() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return Class.forName("dev.einops.nd4j.VectorReduceKernel").asSubclass(ReduceKernel.class)
                    .getDeclaredConstructor(ReduceKernel.class, ByteBuffer.class, ByteBuffer.class, boolean.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** {@code scalar}, or the Vector API kernel wrapping it, for {@code src} reduced into {@code dst}. */
    static ReduceKernel reduceKernel(ReduceKernel scalar, StridedRegion src, StridedRegion dst) {
        ByteBuffer from = REDUCE == null ? null : buffer(src);
        ByteBuffer to = from == null ? null : buffer(dst);
        if (to == null) {
            return scalar;
        }
        try {
            return REDUCE.newInstance(scalar, from, to, src.width() == 8);
        } catch (ReflectiveOperationException e) {
            return scalar;
        }
    }

    /** A direct buffer over the region's whole root buffer, in native order; null from 2 GiB on. */
    private static ByteBuffer buffer(StridedRegion region) {
        long bytes = region.capacity() * region.width();
        if (bytes > Integer.MAX_VALUE) {
            return null;
        }
        return Nd4jOffHeap.pointer(region.address(), bytes, org.nd4j.linalg.api.buffer.DataType.BYTE).asByteBuffer()
                .order(ByteOrder.nativeOrder());
    }
}
