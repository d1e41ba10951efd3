package dev.einops.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.testkit.RandomPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The oracle: on random per-row patterns and shapes, any number of partitions and block sizes, every
 * encoding and element type, a DataFrame step equals the core engine applied to the stacked tensor
 * of all rows. Calls come from jqwik arbitraries, so a failure shrinks to a small pattern.
 */
class SparkOraclePropertiesTest {
    private final SparkSession spark = SparkTestSession.get();

    /** How the rows are laid out: their number, partitions, block size, encoding, element width, verb or function. */
    record Layout(int rows, int partitions, int blockRows, TensorEncoding encoding, boolean narrow, boolean verb) {
    }

    @Provide
    Arbitrary<Layout> layouts() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.of(1, 3, 8),
                Arbitraries.of(1, 3, 4096), Arbitraries.of(TensorEncoding.NESTED, TensorEncoding.STRUCT,
                        TensorEncoding.FLAT), Arbitraries.of(false, true), Arbitraries.of(false, true))
                .as(Layout::new);
    }

    @Provide
    Arbitrary<RandomPattern> rearranges() {
        return RandomPattern.calls(RandomPattern.Kind.REARRANGE);
    }

    @Provide
    Arbitrary<RandomPattern> reductions() {
        return RandomPattern.calls(RandomPattern.Kind.REDUCE);
    }

    @Provide
    Arbitrary<RandomPattern> repeats() {
        return RandomPattern.calls(RandomPattern.Kind.REPEAT);
    }

    @AfterProperty
    void defaults() {
        spark.conf().unset("spark.einops.block.rows");
        SparkAssertions.assertNoBlockMemory();
    }

    @Property(tries = 40)
    void rearrangeOnRowsEqualsTheEngineOnTheStackedRows(@ForAll("rearranges") RandomPattern p,
                                                         @ForAll("layouts") Layout layout, @ForAll long seed) {
        check(p, layout, seed);
    }

    @Property(tries = 40)
    void reduceOnRowsEqualsTheEngineOnTheStackedRows(@ForAll("reductions") RandomPattern p,
                                                      @ForAll("layouts") Layout layout, @ForAll long seed) {
        check(p, layout, seed);
    }

    @Property(tries = 30)
    void repeatOnRowsEqualsTheEngineOnTheStackedRows(@ForAll("repeats") RandomPattern p,
                                                      @ForAll("layouts") Layout layout, @ForAll long seed) {
        check(p, layout, seed);
    }

    private void check(RandomPattern p, Layout layout, long seed) {
        INDArray rows = stacked(p, layout, seed);
        String batchPattern = "n " + p.left() + " -> n " + p.right();
        Map<String, Long> axes = p.axes();
        INDArray want = p.reduction() != null ? Einops.reduce(rows, batchPattern, p.reduction().label(), axes)
                : isRepeat(p) ? Einops.repeat(rows, batchPattern, axes) : Einops.rearrange(rows, batchPattern, axes);
        spark.conf().set("spark.einops.block.rows", Integer.toString(layout.blockRows()));
        Dataset<Row> df = SparkEinops.fromArray(spark, rows, "t", layout.partitions(), layout.encoding());
        Dataset<Row> out = layout.verb() ? verb(df, p, batchPattern, axes) : function(df, p, axes);
        INDArray got = SparkEinops.toArray(out, "t", "index");
        String what = p + " as " + layout;
        assertArrayEquals(want.shape(), got.shape(), what);
        assertEquals(want.dataType(), got.dataType(), what);
        if (want.dataType().isFPType()) {
            assertTrue(want.equalsWithEps(got, 1e-5), () -> what + ": " + want + " but was " + got);
        } else {
            assertEquals(want, got, what);
        }
    }

    private static boolean isRepeat(RandomPattern p) {
        return p.reduction() == null && !p.right().isEmpty() && p.axes().keySet().stream()
                .anyMatch(a -> a.matches("r\\d") && !p.left().matches("(?s).*\\b" + a + "\\b.*"));
    }

    private static Dataset<Row> verb(Dataset<Row> df, RandomPattern p, String batchPattern, Map<String, Long> axes) {
        if (p.reduction() != null) {
            return SparkEinops.reduce(df, "t", batchPattern, p.reduction().label(), axes);
        }
        return isRepeat(p) ? SparkEinops.repeat(df, "t", batchPattern, axes)
                : SparkEinops.rearrange(df, "t", batchPattern, axes);
    }

    private static Dataset<Row> function(Dataset<Row> df, RandomPattern p, Map<String, Long> axes) {
        Column t = org.apache.spark.sql.functions.col("t");
        Column result = p.reduction() != null ? functions.reduce(t, p.pattern(), p.reduction().label(), axes)
                : isRepeat(p) ? functions.repeat(t, p.pattern(), axes) : functions.rearrange(t, p.pattern(), axes);
        Dataset<Row> out = df.select(org.apache.spark.sql.functions.col("index"), result.as("t"));
        // A column function's result has no metadata (Spark gives column expressions no way to set it),
        // so a flat result's shape is recorded here, as a user reading it back must do.
        org.apache.spark.sql.types.StructField in = df.schema().apply("t");
        dev.einops.internal.recipe.Operation op = p.reduction() != null ? dev.einops.internal.recipe.Operation.REDUCE
                : isRepeat(p) ? dev.einops.internal.recipe.Operation.REPEAT : dev.einops.internal.recipe.Operation.REARRANGE;
        dev.einops.spark.tensor.TensorColumnType outType = dev.einops.spark.transform.RowTransform.of(op, p.pattern(),
                p.reduction() == null ? null : p.reduction().label(), axes, false)
                .outputType(dev.einops.spark.tensor.TensorColumnType.of(in.dataType(), in.metadata()));
        return out.withMetadata("t", outType.metadata());
    }

    /** {@code layout.rows()} random inputs of the call, stacked, in the element type the layout picks. */
    private static INDArray stacked(RandomPattern p, Layout layout, long seed) {
        List<INDArray> parts = new ArrayList<>();
        for (int i = 0; i < layout.rows(); i++) {
            parts.add(SparkAssertions.toNd4j(p.input(seed + i)));
        }
        INDArray rows = parts.isEmpty() ? Nd4j.create(SparkAssertions.toNd4j(p.input(seed)).dataType(), prepend(0, p.inputShape()))
                : Nd4j.stack(0, parts.toArray(INDArray[]::new));
        DataType narrow = switch (p.family()) {
            case FLOATING -> DataType.FLOAT;
            case INTEGER -> DataType.INT;
            case BOOLEAN -> DataType.BOOL;
        };
        return layout.narrow() && rows.dataType() != narrow ? rows.castTo(narrow) : rows;
    }

    private static long[] prepend(long first, long[] rest) {
        long[] out = new long[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
