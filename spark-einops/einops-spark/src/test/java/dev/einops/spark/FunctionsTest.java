package dev.einops.spark;

import static dev.einops.spark.SparkAssertions.assertNoBlockMemory;
import static dev.einops.spark.SparkAssertions.assertTensors;
import static dev.einops.spark.SparkAssertions.blockOperators;
import static dev.einops.spark.SparkAssertions.tensor;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Column functions: one row's tensor per pattern, new columns, one block pass for all steps of a select. */
class FunctionsTest {
    private final SparkSession spark = SparkTestSession.get();

    @AfterEach
    void released() {
        assertNoBlockMemory();
    }

    @Test
    void columnFunctionsDescribeOneRowsTensor() {
        INDArray x = tensor(DataType.FLOAT, 6, 3, 4, 4);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "image", 2);
        Dataset<Row> out = df.select(col("index"),
                functions.rearrange(col("image"), "c h w -> h w c").as("hwc"),
                functions.reduce(col("image"), "c (h 2) (w 2) -> c h w", "max").as("pooled"),
                functions.repeat(col("image"), "c h w -> c h w k", Map.of("k", 2)).as("twice"));
        assertTensors(Einops.rearrange(x, "b c h w -> b h w c"), out, "hwc");
        assertTensors(Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"), out, "pooled");
        assertTensors(Einops.repeat(x, "b c h w -> b c h w k", Map.of("k", 2)), out, "twice");
        out.collect();
        assertEquals(1, blockOperators(out).size(), "all three steps run in one block operator");
        assertEquals(3, blockOperators(out).get(0).chains().size());
    }

    @Test
    void nestedCallsFuseIntoOnePass() {
        INDArray x = tensor(DataType.DOUBLE, 5, 2, 6);
        Dataset<Row> df = SparkEinops.fromArray(spark, x, "t", 2);
        Dataset<Row> out = df.select(col("index"), functions.reduce(
                functions.rearrange(col("t"), "a b -> b a"), "(b2 b) a -> b a", "sum", Map.of("b2", 2)).as("t"));
        assertTensors(Einops.reduce(Einops.rearrange(x, "n a b -> n b a"), "n (b2 b) a -> n b a", "sum", Map.of("b2", 2)),
                out, "t");
        assertTrue(out.queryExecution().explainString(org.apache.spark.sql.execution.SimpleMode$.MODULE$)
                .contains("rearrange 'a b -> b a', then sum-reduction '(b2 b) a -> b a' {b2=2}"));
    }

    @Test
    void parseShapeNamesEachRowsAxes() {
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 3, 2, 5, 7), "image", 1);
        List<Row> rows = df.select(functions.parseShape(col("image"), "c _ w").as("dims")).collectAsList();
        assertEquals(3, rows.size());
        assertEquals(scala.collection.immutable.Map$.MODULE$.from(scala.jdk.javaapi.CollectionConverters.asScala(
                Map.of("c", 2L, "w", 7L))), rows.get(0).getMap(0));
    }

    @Test
    void aColumnFunctionGivenARowAxisFailsAtAnalysisWithTheRule() {
        Dataset<Row> df = SparkEinops.fromArray(spark, tensor(DataType.FLOAT, 3, 2, 5, 7), "image", 1);
        AnalysisException e = assertThrows(AnalysisException.class,
                () -> df.select(functions.rearrange(col("image"), "b c h w -> b h w c")));
        assertTrue(e.getMessage().contains("Wrong shape: expected 4 dims. Received 3-dim tensor: the pattern names 4 of each row's tensor, but the column holds tensors of rank 3"),
                e.getMessage());
        assertTrue(e.getMessage().contains("a column function's pattern describes one row's tensor, without it"),
                e.getMessage());
    }

    @Test
    void everySqlFunctionHasAColumnFunction() {
        for (dev.einops.spark.catalyst.EinopsFunction f : scala.jdk.javaapi.CollectionConverters.asJava(
                dev.einops.spark.catalyst.EinopsRegistry.functions())) {
            if (f.aliasOf().isDefined()) {
                continue;
            }
            String[] words = f.name().replaceFirst("^einops_", "").split("_");
            StringBuilder name = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            assertTrue(java.util.Arrays.stream(functions.class.getMethods())
                    .anyMatch(m -> m.getName().contentEquals(name) && java.lang.reflect.Modifier.isStatic(m.getModifiers())
                            && m.getReturnType() == org.apache.spark.sql.Column.class), f.name() + " has no functions." + name);
        }
    }

    @Test
    void theColumnFunctionsOfTheTensorHelpersAndEinsum() {
        Dataset<Row> df = spark.createDataFrame(java.util.List.of(org.apache.spark.sql.RowFactory.create(
                        0L, new float[][] {{1, 2, 3}, {4, 5, 6}})),
                new org.apache.spark.sql.types.StructType()
                        .add("index", org.apache.spark.sql.types.DataTypes.LongType)
                        .add("t", org.apache.spark.sql.types.DataTypes.createArrayType(
                                org.apache.spark.sql.types.DataTypes.createArrayType(
                                        org.apache.spark.sql.types.DataTypes.FloatType))));
        Row row = df.select(functions.tensorShape(col("t")), functions.tensorToStruct(col("t")),
                functions.tensorToFlat(functions.tensorToStruct(col("t"))),
                functions.tensorToNested(functions.tensor(org.apache.spark.sql.functions.array(
                        org.apache.spark.sql.functions.lit(3), org.apache.spark.sql.functions.lit(2)),
                        functions.tensorToFlat(col("t")))),
                functions.einsum("i j, i j ->", col("t"), col("t"))).first();
        assertEquals("ArraySeq(2, 3)", row.get(0).toString());
        assertEquals("[ArraySeq(2, 3),ArraySeq(1.0, 2.0, 3.0, 4.0, 5.0, 6.0)]", row.get(1).toString());
        assertEquals("ArraySeq(1.0, 2.0, 3.0, 4.0, 5.0, 6.0)", row.get(2).toString());
        assertEquals("ArraySeq(ArraySeq(1.0, 2.0), ArraySeq(3.0, 4.0), ArraySeq(5.0, 6.0))", row.get(3).toString());
        assertEquals(91.0f, ((Number) row.get(4)).floatValue());
        java.util.List<Row> patches = df.select(functions.explode(col("t"), "b h (w p) -> (b w) h p",
                Map.of("p", 1))).collectAsList();
        assertEquals(3, patches.size(), "one row per column");
    }
}
