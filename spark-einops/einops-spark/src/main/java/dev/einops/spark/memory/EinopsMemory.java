package dev.einops.spark.memory;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.SparkEnv;

/**
 * The process-wide Arrow root allocator that every block of rows is allocated under, with the limit
 * {@code spark.einops.memory.limit} (read from the executor's Spark configuration when first used;
 * default {@value #DEFAULT_LIMIT}). Each task takes a child of it through {@link TaskMemory}.
 *
 * <pre>{@code
 * EinopsMemory.root().getAllocatedMemory();   // 0 once every task has ended
 * }</pre>
 */
public final class EinopsMemory {
    /** The configuration key of the root allocator's limit, in bytes or with a unit ({@code 4g}). */
    public static final String LIMIT_KEY = "spark.einops.memory.limit";
    static final String DEFAULT_LIMIT = "4g";

    private EinopsMemory() {
    }

    private static final class Holder {
        static final RootAllocator ROOT = new RootAllocator(limit());

        private static long limit() {
            SparkEnv env = SparkEnv.get();
            return env == null ? org.apache.spark.network.util.JavaUtils.byteStringAsBytes(DEFAULT_LIMIT)
                    : env.conf().getSizeAsBytes(LIMIT_KEY, DEFAULT_LIMIT);
        }
    }

    /** The root allocator of this JVM. */
    public static BufferAllocator root() {
        return Holder.ROOT;
    }

    /** Bytes allocated now under the root, by every task of this JVM. */
    public static long allocatedBytes() {
        return Holder.ROOT.getAllocatedMemory();
    }

    /** The most bytes ever allocated at once under the root. */
    public static long peakBytes() {
        return Holder.ROOT.getPeakMemoryAllocation();
    }
}
