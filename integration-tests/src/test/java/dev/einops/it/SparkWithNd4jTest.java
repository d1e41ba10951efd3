package dev.einops.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real local Spark session whose tasks run einops on ND4J: Spark 4.0, ND4J and Arrow load
 * together on Java 17 with the project's JVM flags.
 */
class SparkWithNd4jTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("einops-it")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void executorsRunEinopsOnBlocksOfRows() {
        Dataset<Long> ids = spark.range(0, 1000, 1, 4).as(Encoders.LONG());
        MapPartitionsFunction<Long, Double> rowMaxima = rows -> {
            List<Double> values = new ArrayList<>();
            rows.forEachRemaining(id -> {
                for (int k = 0; k < 6; k++) {
                    values.add((double) (id * 6 + k));
                }
            });
            if (values.isEmpty()) {
                return List.<Double>of().iterator();
            }
            double[] data = values.stream().mapToDouble(Double::doubleValue).toArray();
            INDArray block = Nd4j.create(data, new long[] {data.length / 6, 2, 3}, DataType.DOUBLE);
            INDArray maxima = Einops.reduce(block, "rows a b -> rows", "max");
            List<Double> out = new ArrayList<>();
            for (double d : maxima.data().asDouble()) {
                out.add(d);
            }
            return out.iterator();
        };
        List<Double> maxima = ids.mapPartitions(rowMaxima, Encoders.DOUBLE()).collectAsList();
        assertEquals(1000, maxima.size());
        double sum = maxima.stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(6.0 * (999 * 1000 / 2.0) + 5 * 1000, sum, 1e-6);
    }
}
