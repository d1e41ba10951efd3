package dev.einops.examples;

import dev.einops.spark.sql.EinopsFunctions;
import dev.einops.spark.sql.EinopsSparkSessionExtensions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * einops in Spark SQL: an embedded {@code local[*]} session with the einops functions registered,
 * a small table of generated images {@code image [c, h, w]} (c = 3, h = w = 4), and one statement
 * per kind of function, each printed with its result.
 *
 * <p>Scalar functions ({@code einops_rearrange}, {@code einops_reduce}, {@code einops_repeat},
 * {@code einops_parse_shape}, {@code tensor_shape}) see one row's tensor, so their patterns have no
 * row axis. The aggregates ({@code einops_reduce_agg}, {@code einops_stack_agg}) and the generator
 * ({@code einops_explode}) move data across rows, so their patterns name the rows first ({@code b}).
 * Every element of an image is the number {@code id c h w} read as digits (1203 is row 1, channel 2,
 * h 0, w 3), so the printed tensors show where each element went.
 *
 * <p>The session gets the functions from the extension, as {@code spark-sql} and {@code spark-submit}
 * do with {@code --conf spark.sql.extensions=dev.einops.spark.sql.EinopsSparkSessionExtensions};
 * {@code EinopsFunctions.register(spark)} adds them to a session that already exists. Run it from
 * the repository root (a shell command, not Java):
 * <pre>
 * mvn -B -ntp -Pjob -DskipTests verify -pl examples -am -Djob.mainClass=dev.einops.examples.SqlExample
 * </pre>
 */
public final class SqlExample {
    private SqlExample() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder()
                .master("local[*]")
                .appName("einops-sql-example")
                .config("spark.sql.extensions", EinopsSparkSessionExtensions.class.getName())
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            System.out.println("einops SQL functions: " + EinopsFunctions.names());
            sql(spark, """
                    CREATE OR REPLACE TEMPORARY VIEW images AS
                    SELECT id, CAST(id % 2 AS INT) AS label,
                           transform(sequence(0, 2), c -> transform(sequence(0, 3), h -> transform(sequence(0, 3),
                               w -> CAST(id * 1000 + c * 100 + h * 10 + w AS FLOAT)))) AS image
                    FROM range(6)""");
            sql(spark, "SELECT id, label, tensor_shape(image) AS shape, einops_parse_shape(image, 'c h w') AS axes "
                    + "FROM images");
            sql(spark, """
                    SELECT id, einops_rearrange(image, 'c h w -> h w c')[0] AS top_row_channels_last
                    FROM images WHERE id = 1""");
            sql(spark, """
                    SELECT id, einops_reduce(image, 'c h w -> c', 'mean') AS channel_mean,
                           einops_reduce(image, 'c (h 2) (w 2) -> c h w', 'max') AS max_pooled
                    FROM images""");
            sql(spark, """
                    SELECT id, tensor_shape(einops_repeat(image, 'c h w -> c (h 2) (w 2)')) AS upsampled,
                           tensor_shape(einops_rearrange(image, 'c (h h1) (w w1) -> (h1 w1 c) h w',
                                                         map('h1', 2, 'w1', 2))) AS space_to_depth
                    FROM images""");
            sql(spark, """
                    SELECT label, count(*) AS images, einops_reduce_agg(image, 'b c h w -> c', 'mean') AS channel_mean
                    FROM images GROUP BY label ORDER BY label""");
            sql(spark, """
                    SELECT id, patch FROM images
                    LATERAL VIEW einops_explode(image, 'b c (h p) (w q) -> (b h w) c p q', map('p', 2, 'q', 2))
                                 patches AS patch
                    WHERE id = 2""");
            sql(spark, """
                    SELECT label, tensor_shape(einops_stack_agg(image, 'b c h w -> c b h w', id)) AS clip
                    FROM images GROUP BY label ORDER BY label""");
        } finally {
            spark.stop();
        }
    }

    /** Prints a statement, runs it and shows its result. */
    private static void sql(SparkSession spark, String statement) {
        System.out.println();
        System.out.println("spark-sql> " + statement + ";");
        Dataset<Row> result = spark.sql(statement);
        if (!result.schema().isEmpty()) {
            result.show(false);
        }
    }
}
