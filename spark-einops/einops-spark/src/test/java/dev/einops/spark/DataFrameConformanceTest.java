package dev.einops.spark;

import dev.einops.nd4j.Nd4jBackend;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.spark.transform.BatchPattern;
import dev.einops.spark.transform.RowAxisKind;
import dev.einops.spi.HostArray;
import dev.einops.testkit.ConformanceCase;
import dev.einops.testkit.ConformanceSuite;
import dev.einops.testkit.TensorAdapter;
import dev.einops.types.EinopsException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conformance corpus through DataFrames: every rearrange, reduce and repeat case runs through
 * the DataFrame verbs with its first input axis as the rows (a list input's tensors as the rows), in
 * a tensor-column encoding chosen by the case, and must give the reference's result or its
 * rejection: per row where that axis stays first and alone, exploded where it leads an output
 * composition, reduced across rows where it is reduced, stacked in row order where it moves. A
 * length given for the row axis asserts the number of rows.
 */
class DataFrameConformanceTest {
    private static final Nd4jBackend ND4J = new Nd4jBackend();
    private static final SparkSession SPARK = SparkTestSession.get();

    /** Inputs stay host arrays until the call, which decides whether a list or one tensor becomes the rows. */
    private static final TensorAdapter<Object> ADAPTER = new TensorAdapter<>() {
        @Override
        public Object toTensor(HostArray host) {
            return host;
        }

        @Override
        public HostArray toHost(Object result) {
            if (result instanceof OneRow one) {
                INDArray rows = SparkEinops.toArray(one.df(), "t", "index");
                return ND4J.toHost(rows.reshape(java.util.Arrays.copyOfRange(rows.shape(), 1, rows.rank())));
            }
            @SuppressWarnings("unchecked")
            Dataset<Row> df = (Dataset<Row>) result;
            return ND4J.toHost(SparkEinops.toArray(df, "t", "index"));
        }
    };

    private static final ConformanceSuite<Object> SUITE = new ConformanceSuite<>(ADAPTER) {
        @Override
        protected Object invoke(ConformanceCase c, List<Object> inputs) {
            Dataset<Row> df = rows(c, inputs);
            Map<String, Long> axes = c.axes();
            try {
                RowAxisKind kind = BatchPattern.parse(c.pattern()).kind();
                VerbCall call = new VerbCall(operation(c), c.pattern(), c.reduction(), axes);
                Dataset<Row> out = switch (kind) {
                    case PER_ROW, AGGREGATE -> RowVerbs.apply(df, "t", call, false);
                    // one partition keeps the exploded rows in (b, ...) order; number them in it
                    case EXPLODE -> RowVerbs.apply(df.coalesce(1), "t", call, false)
                            .withColumn("index", org.apache.spark.sql.functions.monotonically_increasing_id());
                    case STACK -> AcrossRows.stackAll(df, "t", call, "index");
                };
                if (kind == RowAxisKind.AGGREGATE || kind == RowAxisKind.STACK) {
                    out = out.selectExpr("0L AS index", "t");
                }
                out.collect();   // rejections found while the rows run surface here
                return kind == RowAxisKind.AGGREGATE || kind == RowAxisKind.STACK ? new OneRow(out) : out;
            } catch (RuntimeException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof EinopsException einops) {
                        throw einops;
                    }
                }
                throw e;
            }
        }
    };

    @AfterAll
    static void released() {
        SparkAssertions.assertNoBlockMemory();
    }

    /** A result of one row that holds the whole tensor (a reduction across rows, a stack). */
    private record OneRow(Dataset<Row> df) {
    }

    private static dev.einops.internal.recipe.Operation operation(ConformanceCase c) {
        return dev.einops.internal.recipe.Operation.valueOf(c.op().toUpperCase(java.util.Locale.ROOT));
    }

    /** The rows of the call: a list's tensors, or one tensor's first axis. */
    private static Dataset<Row> rows(ConformanceCase c, List<Object> inputs) {
        INDArray stacked;
        if (c.listInput()) {
            List<INDArray> parts = inputs.stream().map(h -> SparkAssertions.toNd4j((HostArray) h)).toList();
            stacked = Nd4j.stack(0, parts.toArray(INDArray[]::new));
        } else {
            stacked = SparkAssertions.toNd4j((HostArray) inputs.get(0));
        }
        return SparkEinops.fromArray(SPARK, stacked, "t", 1 + Math.floorMod(c.id().hashCode(), 3), encoding(c));
    }

    /** Nested arrays, the struct or a flat array, chosen by the case so that every encoding sees the corpus. */
    private static TensorEncoding encoding(ConformanceCase c) {
        TensorEncoding[] encodings = {TensorEncoding.NESTED, TensorEncoding.STRUCT, TensorEncoding.FLAT};
        return encodings[Math.floorMod(c.id().hashCode() / 3, 3)];
    }

    /** Whether the case's first input axis stays first and alone, so that it can be the rows. */
    static boolean perRow(ConformanceCase c) {
        return rowsCanRun(c) && kind(c) == RowAxisKind.PER_ROW;
    }

    /** Whether the case's first input axis moves: leads a composition, is reduced, or lands elsewhere. */
    static boolean moving(ConformanceCase c) {
        RowAxisKind kind = rowsCanRun(c) ? kind(c) : null;
        return kind != null && kind != RowAxisKind.PER_ROW;
    }

    private static RowAxisKind kind(ConformanceCase c) {
        try {
            return BatchPattern.parse(c.pattern()).kind();
        } catch (EinopsException e) {
            return null;   // no row axis to name: the pattern itself is rejected
        }
    }

    /** Whether the case's inputs can be rows of a DataFrame. */
    private static boolean rowsCanRun(ConformanceCase c) {
        if (!ConformanceSuite.CORE_OPS.contains(c.op()) || c.op().equals("parse_shape")) {
            return false;
        }
        if (!c.listInput() && c.inputs().get(0).shape().length == 0) {
            return false;
        }
        if (c.listInput() && c.inputs().stream().map(i -> java.util.Arrays.toString(i.shape())).distinct().count() > 1) {
            // a list must stack, so the reference rejects tensors of different shapes; the rows of a
            // tensor-struct column may differ in shape by design, so the case has no DataFrame counterpart
            return false;
        }
        return kind(c) != null;
    }

    @TestFactory
    Stream<DynamicTest> perRowCasesGiveTheReferenceResults() {
        return SUITE.tests(DataFrameConformanceTest::perRow);
    }

    @TestFactory
    Stream<DynamicTest> casesThatMoveRowsGiveTheReferenceResults() {
        return SUITE.tests(DataFrameConformanceTest::moving);
    }
}
