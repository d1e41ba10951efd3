package dev.einops.it;

import static org.apache.spark.sql.functions.col;

import dev.einops.spark.SparkEinops;
import dev.einops.spark.functions;
import dev.einops.types.EinopsException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect client program, run by {@link ConnectClientTest} in a JVM whose class path holds
 * only Spark's Connect client, its dependencies, einops-core and einops-spark: it checks that classic
 * Spark, Spark ML and ND4J are absent, then prints what einops' API gives over Connect, one line per
 * call. Argument: the server's address, {@code sc://host:port}.
 */
public final class ConnectClientMain {
    private ConnectClientMain() {
    }

    public static void main(String[] args) throws java.io.IOException {
        for (String absent : List.of("org.apache.spark.sql.classic.SparkSession",
                "org.apache.spark.sql.catalyst.expressions.Expression",
                "org.apache.spark.ml.linalg.VectorUDT", "org.nd4j.linalg.factory.Nd4j")) {
            try {
                Class.forName(absent, false, ConnectClientMain.class.getClassLoader());
                System.out.println("present " + absent);
                System.exit(2);
            } catch (ClassNotFoundException expected) {
                System.out.println("absent " + absent);
            }
        }
        // Connect's own builder: the generic SparkSession.builder() reads SparkContext's placeholder in
        // spark-connect-shims, which a client has from Maven Central but this build's mirror lacks for 4.0.1
        SparkSession spark = org.apache.spark.sql.connect.SparkSession.builder().remote(args[0]).getOrCreate();
        try {
            Dataset<Row> images = spark.sql("SELECT id AS index, id % 2 AS label, "
                    + "array(array(id, id + 1), array(10 * id, 10 * id + 1)) AS t FROM range(3)");
            print("rearrange", SparkEinops.rearrange(images, "t", "b h w -> b w h").orderBy("index").select("t"));
            print("reduce", images.orderBy("index").select(functions.reduce(col("t"), "h w -> w", "sum")));
            print("groups", SparkEinops.reduce(images.groupBy("label"), "t", "b h w -> h", "max").orderBy("label"));
            print("explode", SparkEinops.rearrange(images.where("index = 1"), "t", "b h w -> (b h) w").select("t"));
            try {
                SparkEinops.rearrange(images, "t", "b h w -> b h w c");
            } catch (EinopsException e) {
                System.out.println("error " + e.getMessage().lines().findFirst().orElse(""));
            }
            try {
                SparkEinops.reduceToArray(images, "t", "b h w -> w", "sum");
            } catch (EinopsException e) {
                System.out.println("error " + e.getMessage());
            }
        } finally {
            spark.close();
        }
    }

    private static void print(String label, Dataset<Row> rows) {
        System.out.println(label + " " + rows.collectAsList());
    }
}
