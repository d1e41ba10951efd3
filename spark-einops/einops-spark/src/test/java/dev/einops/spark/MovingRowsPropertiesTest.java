package dev.einops.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import dev.einops.internal.parse.AxisGroup;
import dev.einops.internal.parse.Pattern;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The oracle for patterns that move rows: random row patterns with a row axis added that leads an
 * output composition, is reduced, or lands elsewhere; random shapes, partitions, block sizes and
 * encodings. The DataFrame result equals the core engine on the stacked tensor of all rows (or of
 * each group), within float tolerance for sums and means and exactly otherwise.
 */
class MovingRowsPropertiesTest {
    private final SparkSession spark = SparkTestSession.get();

    /** Rows, partitions, block size, encoding, where the row axis goes among the output groups, groups. */
    record Layout(int rows, int partitions, int blockRows, TensorEncoding encoding, int position, int groups) {
    }

    @Provide
    Arbitrary<Layout> layouts() {
        return Combinators.combine(Arbitraries.integers().between(1, 9), Arbitraries.of(1, 3, 8),
                Arbitraries.of(1, 3, 4096), Arbitraries.of(TensorEncoding.NESTED, TensorEncoding.STRUCT,
                        TensorEncoding.FLAT), Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 3))
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

    @AfterProperty
    void defaults() {
        spark.conf().unset("spark.einops.block.rows");
        SparkAssertions.assertNoBlockMemory();
    }

    @Property(tries = 30)
    void explodeEqualsTheEngine(@ForAll("rearranges") RandomPattern p, @ForAll("layouts") Layout layout,
                                @ForAll long seed) {
        List<String> right = groups(p.right());
        String lead = right.isEmpty() ? "(n)" : "(n " + strip(right.get(0)) + ")";
        String pattern = "n " + p.left() + " -> " + join(lead, right.subList(Math.min(1, right.size()), right.size()));
        INDArray rows = stacked(p, layout, seed);
        INDArray want = Einops.rearrange(rows, pattern, p.axes());
        Dataset<Row> df = frame(rows, layout);
        Dataset<Row> out = SparkEinops.rearrange(df, "t", pattern, p.axes())
                .withColumn("index", org.apache.spark.sql.functions.monotonically_increasing_id());
        assertSame(want, SparkEinops.toArray(out, "t", "index"), pattern + " " + p + " as " + layout);
    }

    @Property(tries = 30)
    void reductionAcrossRowsEqualsTheEngine(@ForAll("reductions") RandomPattern p, @ForAll("layouts") Layout layout,
                                            @ForAll long seed) {
        String pattern = "n " + p.left() + " -> " + p.right();
        INDArray rows = stacked(p, layout, seed);
        String reduction = p.reduction().label();
        INDArray want = Einops.reduce(rows, pattern, reduction, p.axes());
        Dataset<Row> df = frame(rows, layout);
        INDArray got = SparkEinops.toArray(SparkEinops.reduce(df, "t", pattern, reduction, p.axes())
                .selectExpr("0L AS index", "t"), "t", "index");
        assertSame(want, got.reshape(want.shape()), pattern + " " + reduction + " " + p + " as " + layout);
        Dataset<Row> grouped = df.selectExpr("index", "t", "index % " + layout.groups() + " AS g");
        INDArray perGroup = SparkEinops.toArray(SparkEinops.reduce(grouped.groupBy("g"), "t", pattern, reduction,
                p.axes()).withColumnRenamed("g", "index"), "t", "index");
        for (int g = 0; g < Math.min(layout.groups(), layout.rows()); g++) {
            List<INDArray> slices = new ArrayList<>();
            for (long i = g; i < rows.size(0); i += layout.groups()) {
                slices.add(rows.slice(i));
            }
            INDArray members = Nd4j.stack(0, slices.toArray(INDArray[]::new));
            assertSame(Einops.reduce(members, pattern, reduction, p.axes()), perGroup.slice(g),
                    "group " + g + " of " + pattern + " " + reduction + " " + p + " as " + layout);
        }
    }

    @Property(tries = 30)
    void stackEqualsTheEngine(@ForAll("rearranges") RandomPattern p, @ForAll("layouts") Layout layout,
                              @ForAll long seed) {
        List<String> right = new ArrayList<>(groups(p.right()));
        int at = Math.min(layout.position(), right.size());
        if (at == 0) {
            right.add("n");   // no output axis to stand behind: the row axis comes last
        } else {
            right.add(at, "n");
        }
        String pattern = "n " + p.left() + " -> " + String.join(" ", right);
        INDArray rows = stacked(p, layout, seed);
        INDArray want = Einops.rearrange(rows, pattern, p.axes());
        Dataset<Row> df = frame(rows, layout).selectExpr("index", "t", "-index AS descending");
        INDArray got = SparkEinops.toArray(SparkEinops.rearrange(df, "t", pattern, p.axes(), "index")
                .selectExpr("0L AS index", "t"), "t", "index");
        assertSame(want, got.reshape(want.shape()), pattern + " " + p + " as " + layout);
    }

    private Dataset<Row> frame(INDArray rows, Layout layout) {
        spark.conf().set("spark.einops.block.rows", Integer.toString(layout.blockRows()));
        return SparkEinops.fromArray(spark, rows, "t", layout.partitions(), layout.encoding());
    }

    private static void assertSame(INDArray want, INDArray got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        assertEquals(want.dataType(), got.dataType(), what);
        if (want.dataType().isFPType()) {
            double[] w = want.dup().data().asDouble();
            double[] g = got.dup().data().asDouble();
            for (int i = 0; i < w.length; i++) {
                int at = i;
                assertTrue(close(w[i], g[i]), () -> what + ": element " + at + " is " + g[at] + ", want " + w[at]
                        + "; " + want + " but was " + got);
            }
        } else {
            assertEquals(want, got, what);
        }
    }

    /**
     * Float sums and products across rows depend on the order Spark merges partial results in, so the
     * tolerance is relative: an absolute one failed products near 4.5e11 that differed in the last bits.
     */
    private static boolean close(double want, double got) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            return Double.isNaN(want) && Double.isNaN(got);
        }
        if (Double.isInfinite(want) || Double.isInfinite(got)) {
            return want == got;
        }
        return Math.abs(want - got) <= 1e-5 * Math.max(1.0, Math.max(Math.abs(want), Math.abs(got)));
    }

    private static List<String> groups(String side) {
        return Pattern.parse(side + " -> " + side).left().composition().stream().map(AxisGroup::toString).toList();
    }

    private static String strip(String group) {
        return group.startsWith("(") ? group.substring(1, group.length() - 1) : group.equals("1") ? "" : group;
    }

    private static String join(String lead, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(lead));
        all.addAll(rest);
        return String.join(" ", all);
    }

    private static INDArray stacked(RandomPattern p, Layout layout, long seed) {
        List<INDArray> parts = new ArrayList<>();
        for (int i = 0; i < layout.rows(); i++) {
            parts.add(SparkAssertions.toNd4j(p.input(seed + i)));
        }
        return Nd4j.stack(0, parts.toArray(INDArray[]::new));
    }
}
