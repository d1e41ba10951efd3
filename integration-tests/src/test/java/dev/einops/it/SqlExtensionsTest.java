package dev.einops.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session configured as a SQL user would, {@code spark.sql.extensions=dev.einops.spark.sql.EinopsSparkSessionExtensions},
 * in a JVM of its own (the extensions are read when the first session is built): the functions exist
 * and run on blocks.
 */
class SqlExtensionsTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("einops-sql")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.extensions", "dev.einops.spark.sql.EinopsSparkSessionExtensions")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theFunctionsAreThereAndRunOnBlocks() {
        List<Row> rows = spark.sql("SELECT einops_rearrange(t, 'h w -> w h') AS t FROM VALUES "
                + "(array(array(1, 2, 3), array(4, 5, 6))) AS tab(t)").collectAsList();
        assertEquals("[ArraySeq(1, 4), ArraySeq(2, 5), ArraySeq(3, 6)]", rows.get(0).getList(0).toString());
        // (over a literal table the optimizer evaluates the step on the driver; over a real one, blocks)
        String plan = spark.sql("SELECT einops_reduce(array(array(id, id + 1)), 'h (w 2) -> h w', 'max') FROM range(4)")
                .queryExecution().explainString(org.apache.spark.sql.execution.SimpleMode$.MODULE$);
        assertTrue(plan.contains("EinopsBlock [max-reduction 'h (w 2) -> h w'"), plan);
        assertTrue(spark.sql("SHOW FUNCTIONS LIKE 'einops*'").count() >= 8);
    }
}
