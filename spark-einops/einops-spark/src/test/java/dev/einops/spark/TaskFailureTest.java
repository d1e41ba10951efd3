package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tasks that fail half-way through, with blocks allocated, release every byte; their retries give the
 * same rows.
 */
class TaskFailureTest {
    private final SparkSession spark = SparkTestSession.get();

    /** Passes each index through, but throws in the first attempt of a task once it reaches index 17. */
    private static final UserDefinedFunction FAIL_FIRST_ATTEMPT = org.apache.spark.sql.functions.udf(
            (UDF1<Long, Long>) i -> {
                if (TaskContext.get().attemptNumber() == 0 && i == 17) {
                    throw new IllegalStateException("injected failure of the first attempt");
                }
                return i;
            }, DataTypes.LongType).asNondeterministic();

    @Test
    void aTaskFailingMidPartitionReleasesItsBlocksAndTheRetryGivesTheSameRows() {
        spark.conf().set("spark.einops.block.rows", "4");
        try {
            INDArray x = tensor(DataType.FLOAT, 40, 3, 4);
            Dataset<Row> df = SparkEinops.fromArray(spark, x, "t", 3);
            Dataset<Row> out = SparkEinops.rearrange(df, "t", "b c w -> b w c")
                    .withColumn("index", FAIL_FIRST_ATTEMPT.apply(org.apache.spark.sql.functions.col("index")));
            List<Row> rows = out.collectAsList();
            assertEquals(40, rows.size());
            assertNoBlockMemory();
            SparkAssertions.assertTensors(Einops.rearrange(x, "b c w -> b w c"), out, "t");
            assertNoBlockMemory();
        } finally {
            spark.conf().unset("spark.einops.block.rows");
        }
    }
}
