package dev.einops.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.spark.sql.EinopsFunctions;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The column functions as calls of the SQL functions by name (what they are over Spark Connect)
 * give what the expressions they build directly give.
 */
class SqlCallsTest {
    private final SparkSession spark = SparkTestSession.get();

    @Test
    void callsByNameEqualTheDirectExpressions() {
        EinopsFunctions.register(spark);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 2, 4);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "t", 2).selectExpr("index", "t", "index % 2 AS g");
        assertEquals(
                SparkEinops.toArray(df.select(col("index"), functions.rearrange(col("t"), "a (b b2) -> b2 a b",
                        Map.of("b2", 2)).as("t")), "t", "index"),
                SparkEinops.toArray(df.select(col("index"), SqlCalls.call("einops_rearrange", Map.of("b2", 2), col("t"),
                        "a (b b2) -> b2 a b").as("t")), "t", "index"));
        assertEquals(
                SparkEinops.toArray(df.select(col("index"), functions.reduce(col("t"), "a b -> b", "max").as("t")), "t",
                        "index"),
                SparkEinops.toArray(df.select(col("index"), SqlCalls.call("einops_reduce", Map.of(), col("t"), "a b -> b",
                        "max").as("t")), "t", "index"));
        assertEquals(
                df.groupBy("g").agg(functions.reduceAgg(col("t"), "n a b -> a", "sum").as("t")).orderBy("g")
                        .collectAsList().toString(),
                df.groupBy("g").agg(SqlCalls.call("einops_reduce_agg", Map.of(), col("t"), "n a b -> a", "sum").as("t"))
                        .orderBy("g").collectAsList().toString());
        assertEquals(
                df.agg(functions.stackAgg(col("t"), "n a b -> a n b", col("index")).as("t")).collectAsList().toString(),
                df.agg(SqlCalls.call("einops_stack_agg", Map.of(), col("t"), "n a b -> a n b", col("index")).as("t"))
                        .collectAsList().toString());
        assertEquals(
                df.select(functions.parseShape(col("t"), "a b")).collectAsList().toString(),
                df.select(SqlCalls.call("einops_parse_shape", Map.of(), col("t"), "a b")).collectAsList().toString());
    }
}
