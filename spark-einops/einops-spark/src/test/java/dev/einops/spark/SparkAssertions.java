package dev.einops.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.einops.nd4j.Nd4jBackend;
import dev.einops.spark.catalyst.EinopsBlockExec;
import dev.einops.spark.memory.EinopsMemory;
import dev.einops.spi.HostArray;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks shared by the Spark suites. */
public final class SparkAssertions {
    private static final Nd4jBackend ND4J = new Nd4jBackend();
    private static final JobCounter JOBS = new JobCounter();
    private static boolean listening;

    private SparkAssertions() {
    }

    /** The tensors of {@code column}, ordered by {@code index}, equal {@code expected} exactly (same type, shape, values). */
    public static void assertTensors(INDArray expected, Dataset<Row> df, String column) {
        INDArray actual = SparkEinops.toArray(df, column, "index");
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertEquals(expected.dataType(), actual.dataType(), "type");
        assertEquals(expected, actual);
    }

    /** Like {@link #assertTensors} within a relative tolerance, for sums and means computed in another order. */
    public static void assertTensorsClose(INDArray expected, Dataset<Row> df, String column, double tolerance) {
        INDArray actual = SparkEinops.toArray(df, column, "index");
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertEquals(expected.dataType(), actual.dataType(), "type");
        assertTrue(expected.equalsWithEps(actual, tolerance), () -> "expected " + expected + " but was " + actual);
    }

    /** The einops exception a failed action reports, however deep Spark wrapped it. */
    public static EinopsException einopsFailure(Executable action) {
        try {
            action.execute();
        } catch (Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof EinopsException e) {
                    return e;
                }
            }
            fail("expected an EinopsException, got " + t, t);
        }
        return fail("expected an EinopsException, but the action succeeded");
    }

    /** Runs {@code action} and returns how many Spark jobs it started. */
    public static synchronized int jobsDuring(Runnable action) {
        if (!listening) {
            SparkTestSession.get().sparkContext().addSparkListener(JOBS);
            listening = true;
        }
        drainEvents();
        int before = JOBS.count;
        action.run();
        drainEvents();
        return JOBS.count - before;
    }

    private static void drainEvents() {
        try {
            SparkTestSession.get().sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain", e);
        }
    }

    /** The block operators of the plan {@code df} last executed. */
    public static List<EinopsBlockExec> blockOperators(Dataset<Row> df) {
        SparkPlan plan = ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().executedPlan();
        List<EinopsBlockExec> found = new ArrayList<>();
        plan.foreach(node -> {
            if (node instanceof EinopsBlockExec exec) {
                found.add(exec);
            }
            return null;
        });
        return found;
    }

    /** A metric of the only block operator of {@code df}'s plan, after an action ran it. */
    public static long blockMetric(Dataset<Row> df, String name) {
        List<EinopsBlockExec> blocks = blockOperators(df);
        assertEquals(1, blocks.size(), "one block operator");
        assertNotNull(blocks.get(0).metrics().get(name).get());
        return blocks.get(0).metrics().get(name).get().value();
    }

    /** Nothing remains allocated for blocks, in any task. */
    public static void assertNoBlockMemory() {
        assertEquals(0, EinopsMemory.allocatedBytes(), "bytes allocated for blocks after the jobs ended");
    }

    /** A tensor of {@code shape} and {@code type} with varied values, exactly representable in every type. */
    public static INDArray tensor(DataType type, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        INDArray values = Nd4j.arange(n).castTo(DataType.DOUBLE).muli(7).addi(3).fmodi(23).subi(11).reshape('c', shape);
        if (type == DataType.BOOL) {
            return values.gt(0);
        }
        return values.castTo(type);
    }

    /** {@code h} as an ND4J array of its family's widest type: float64, int64 or bool. */
    public static INDArray toNd4j(HostArray h) {
        Object values = switch (h.family()) {
            case FLOATING -> h.doubles();
            case INTEGER -> h.longs();
            case BOOLEAN -> h.booleans();
        };
        return ND4J.fromArray(values, h.shape());
    }

    private static final class JobCounter extends SparkListener {
        volatile int count;

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            count++;
        }
    }
}
