package dev.einops.it;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.LayerPipeline;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.functions;
import dev.einops.spark.implicits;
import dev.einops.layers.Rearrange;
import dev.einops.types.EinopsException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java API on a Spark Connect client's DataFrames, against a Connect server started in this JVM
 * with einops' SQL extension: the verbs, the column functions and the Scala implicits become calls
 * of the SQL functions by name, with the same results and errors as in a classic session; what
 * cannot run over Connect says so.
 */
class SparkConnectTest {
    private static ConnectServer server;
    private static SparkSession client;
    private static Dataset<Row> images;

    @BeforeAll
    static void start() {
        server = ConnectServer.start();
        client = server.client();
        // three 2x3 tensors of bigint, in two label groups
        images = client.sql("SELECT id AS index, id % 2 AS label, "
                + "array(array(id, id + 1, id + 2), array(10 * id, 10 * id + 1, 10 * id + 2)) AS t FROM range(3)");
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        client.close();
        server.close();
    }

    private static String tensors(Dataset<Row> df, String column) {
        return df.orderBy("index").select(column).collectAsList().stream().map(r -> r.get(0).toString()).toList()
                .toString();
    }

    @Test
    void aPerRowVerbReplacesTheColumnInPlace() {
        Dataset<Row> out = SparkEinops.rearrange(images, "t", "b h w -> b w h");
        assertEquals(List.of("index", "label", "t"), List.of(out.columns()));
        assertEquals("[ArraySeq(ArraySeq(0, 0), ArraySeq(1, 1), ArraySeq(2, 2)), "
                + "ArraySeq(ArraySeq(1, 10), ArraySeq(2, 11), ArraySeq(3, 12)), "
                + "ArraySeq(ArraySeq(2, 20), ArraySeq(3, 21), ArraySeq(4, 22))]", tensors(out, "t"));
        assertEquals("[ArraySeq(2, 2), ArraySeq(3, 12), ArraySeq(4, 22)]",
                tensors(SparkEinops.reduce(images, "t", "b h w -> b h", "max"), "t"));
        assertEquals("[ArraySeq(ArraySeq(0, 0, 1, 1, 2, 2), ArraySeq(0, 0, 1, 1, 2, 2)), "
                        + "ArraySeq(ArraySeq(1, 1, 2, 2, 3, 3), ArraySeq(10, 10, 11, 11, 12, 12)), "
                        + "ArraySeq(ArraySeq(2, 2, 3, 3, 4, 4), ArraySeq(20, 20, 21, 21, 22, 22))]",
                tensors(SparkEinops.repeat(images, "t", "b h w -> b h (w 2)"), "t"));
    }

    @Test
    void aLengthOfTheRowAxisCountsTheRows() {
        assertEquals(3, SparkEinops.rearrange(images, "t", "b h w -> b (h w)", Map.of("b", 3)).count());
        EinopsException e = assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(images, "t", "b h w -> b (h w)", Map.of("b", 4)));
        assertTrue(e.getMessage().contains("3 != 4"), e.getMessage());
    }

    @Test
    void anExplodeCarriesTheOtherColumns() {
        Dataset<Row> patches = SparkEinops.rearrange(images, "t", "b h (w p) -> (b w) h p", Map.of("p", 1));
        assertEquals(List.of("index", "label", "t"), List.of(patches.columns()));
        assertEquals(9, patches.count());
        assertEquals("[ArraySeq(ArraySeq(0), ArraySeq(0)), ArraySeq(ArraySeq(1), ArraySeq(1)), "
                        + "ArraySeq(ArraySeq(2), ArraySeq(2))]",
                patches.where("index = 0").select("t").collectAsList().stream().map(r -> r.get(0).toString())
                        .toList().toString());
        EinopsException e = assertThrows(EinopsException.class, () -> SparkEinops.rearrange(images, "t",
                "b h (w p) -> (b w) h p", Map.of("p", 1), true));
        assertTrue(e.getMessage().contains("does not work over Spark Connect"), e.getMessage());
    }

    @Test
    void reductionsAndStacksAcrossRowsPerGroup() {
        assertEquals("[ArraySeq(33, 39, 45)]", SparkEinops.reduce(images, "t", "b h w -> w", "sum")
                .collectAsList().stream().map(r -> r.get(0).toString()).toList().toString());
        assertEquals("[[0,ArraySeq(4, 22)], [1,ArraySeq(3, 12)]]",
                SparkEinops.reduce(images.groupBy("label"), "t", "b h w -> h", "max").orderBy("label")
                        .collectAsList().toString());
        Dataset<Row> firstRows = images.select(col("index"), col("label"), col("t").getItem(0).as("t"));
        assertEquals("[ArraySeq(ArraySeq(0, 1, 2), ArraySeq(1, 2, 3), ArraySeq(2, 3, 4))]",
                SparkEinops.rearrange(firstRows, "t", "n w -> w n", "index").collectAsList().stream()
                        .map(r -> r.get(0).toString()).toList().toString());
        assertEquals("[[0,ArraySeq(ArraySeq(0, 2), ArraySeq(1, 3), ArraySeq(2, 4))], "
                        + "[1,ArraySeq(ArraySeq(1), ArraySeq(2), ArraySeq(3))]]",
                SparkEinops.rearrange(firstRows.groupBy("label"), "t", "n w -> w n", "index").orderBy("label")
                        .collectAsList().toString());
    }

    @Test
    void theColumnFunctionsAndTheScalaImplicitsAreCallsByName() {
        Dataset<Row> out = images.select(col("index"), functions.rearrange(col("t"), "h w -> (w h)").as("flat"),
                functions.parseShape(col("t"), "h w").as("dims"));
        assertEquals("[ArraySeq(0, 0, 1, 1, 2, 2), ArraySeq(1, 10, 2, 11, 3, 12), ArraySeq(2, 20, 3, 21, 4, 22)]",
                tensors(out, "flat"));
        assertEquals("Map(h -> 2, w -> 3)", out.select("dims").first().get(0).toString());
        assertEquals("[[0,ArraySeq(4, 22)], [1,ArraySeq(3, 12)]]", images.groupBy("label")
                .agg(functions.reduceAgg(col("t"), "b h w -> h", "max").as("m")).orderBy("label")
                .collectAsList().toString());
        Dataset<Row> viaImplicits = new implicits.EinopsDataFrame(images).einRearrange("t", "b h w -> b (w h)",
                scala.collection.immutable.Map$.MODULE$.empty(), null, false);
        assertEquals(tensors(out, "flat"), tensors(viaImplicits, "t"));
    }

    @Test
    void errorsAreTheServersWithTheCallsContext() {
        EinopsException e = assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(images, "t", "b h w -> b h w c"));
        assertTrue(e.getMessage().contains("c"), e.getMessage());
        assertTrue(e.getMessage().contains("b h w -> b h w c"), e.getMessage());
        // the verb's own rules are checked on the client, with the classic session's message
        EinopsException stack = assertThrows(EinopsException.class,
                () -> SparkEinops.rearrange(images, "t", "b h w -> h b w"));
        assertTrue(stack.getMessage().contains("needs their order"), stack.getMessage());
    }

    @Test
    void whatNeedsTheDriversArraysSaysSo() {
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> SparkEinops.toArray(images, "t", "index"),
                () -> SparkEinops.reduceToArray(images, "t", "b h w -> w", "sum"),
                () -> LayerPipeline.of(new Rearrange("b h w -> b w h")).transform(images, "t"))) {
            EinopsException e = assertThrows(EinopsException.class, call);
            assertTrue(e.getMessage().contains("does not work over Spark Connect"), e.getMessage());
        }
    }

    @Test
    void fromArrayMakesAConnectDataFrame() {
        Dataset<Row> df = SparkEinops.fromArray(client, Nd4j.arange(12).reshape(3, 2, 2).castTo(
                org.nd4j.linalg.api.buffer.DataType.FLOAT), "t", 2);
        assertEquals("[ArraySeq(ArraySeq(0.0, 2.0), ArraySeq(1.0, 3.0)), ArraySeq(ArraySeq(4.0, 6.0), "
                + "ArraySeq(5.0, 7.0)), ArraySeq(ArraySeq(8.0, 10.0), ArraySeq(9.0, 11.0))]",
                tensors(SparkEinops.rearrange(df, "t", "b h w -> b w h"), "t"));
    }

    @Test
    void permissiveModeIsTheServersSetting() {
        Dataset<Row> ragged = client.sql("SELECT 0 AS index, array(array(1, 2), array(3)) AS t");
        client.conf().set("spark.einops.mode", "PERMISSIVE");
        try {
            assertEquals("[null]", SparkEinops.rearrange(ragged, "t", "b h w -> b w h").select("t").collectAsList()
                    .stream().map(r -> String.valueOf(r.get(0))).toList().toString());
        } finally {
            client.conf().unset("spark.einops.mode");
        }
    }
}
