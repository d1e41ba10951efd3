package dev.einops.spark.catalyst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.einops.spark.ErrorMode;
import dev.einops.spark.exec.BlockEvaluator;
import dev.einops.spark.exec.BlockMetrics;
import dev.einops.spark.exec.BlockSettings;
import dev.einops.spark.exec.ExplodeEvaluator;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.transform.BlockStep;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code checkEvaluation} for einops, after Spark's helper of that name: an einops expression is run
 * over the same input rows row by row ({@code eval}, what a filter or an aggregate's input does) and
 * through the block operator's evaluator, and the two must give the same rows, byte for byte, or
 * fail with the same message. The evaluator runs in a memory scope of its own, which must be empty
 * when it closes.
 */
final class BlockEvaluation {
    private BlockEvaluation() {
    }

    /** {@code steps} applied in turn to a column of {@code input}, as nested einops expressions. */
    static EinopsTransform chain(TensorColumnType input, ErrorMode mode, BlockStep... steps) {
        Expression e = new BoundReference(0, input.sparkType(), true);
        EinopsTransform t = null;
        for (BlockStep step : steps) {
            t = new EinopsTransform(e, step, mode, t == null ? scala.Option.apply(input) : scala.Option.empty());
            e = t;
        }
        return t;
    }

    /**
     * Runs {@code expression} on each of {@code values} (the input column's values, null allowed)
     * both ways and asserts that they agree.
     *
     * @return what the block run reported: its blocks and malformed rows
     */
    static BlockMetrics.Counter check(EinopsTransform expression, BlockSettings settings, List<Object> values) {
        List<InternalRow> rows = rows(values);
        DataType[] types = {expression.dataType()};
        List<Object> expected = new ArrayList<>();
        EinopsException rowFailure = null;
        try {
            for (InternalRow row : rows) {
                expected.add(normalized(types, expression.eval(row)));
            }
        } catch (EinopsException e) {
            rowFailure = e;
        }
        BlockInput in = expression.chainWithInput();
        BlockMetrics.Counter counter = new BlockMetrics.Counter();
        try (TaskMemory memory = TaskMemory.open("block-evaluation")) {
            BlockEvaluator blocks = new BlockEvaluator(rows.iterator(), new Expression[] {in.input()},
                    new dev.einops.spark.transform.TensorChain[] {in.chain()}, new String[] {in.column()},
                    UnsafeProjection.create(new DataType[0]), UnsafeProjection.create(types), settings,
                    new ErrorMode[] {in.mode()}, counter, memory);
            if (rowFailure != null) {
                EinopsException blockFailure = assertThrows(EinopsException.class, () -> drain(blocks));
                assertEquals(rowFailure.getMessage(), blockFailure.getMessage(), "both ways fail alike");
                return counter;
            }
            List<Object> got = drain(blocks);
            assertEquals(expected.size(), got.size(), "one output row per input row");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), got.get(i), "row " + i + " of " + values.get(i));
            }
        }
        return counter;
    }

    /**
     * {@link #check} for an explode: row by row ({@code eval} of the generator) and through the
     * explode's evaluator give the same rows, in the same order.
     */
    static BlockMetrics.Counter checkExplode(EinopsExplode generator, BlockSettings settings, List<Object> values) {
        List<InternalRow> rows = rows(values);
        DataType[] types = CollectionConverters.asJava(generator.elementSchema().toSeq()).stream()
                .map(f -> f.dataType()).toArray(DataType[]::new);
        UnsafeProjection project = UnsafeProjection.create(types);
        List<Object> expected = new ArrayList<>();
        for (InternalRow row : rows) {
            Iterator<InternalRow> out = CollectionConverters.asJava(generator.eval(row).iterator());
            while (out.hasNext()) {
                expected.add(project.apply(out.next()).copy());
            }
        }
        BlockInput in = generator.chainWithInput();
        BlockMetrics.Counter counter = new BlockMetrics.Counter();
        try (TaskMemory memory = TaskMemory.open("explode-evaluation")) {
            ExplodeEvaluator blocks = new ExplodeEvaluator(rows.iterator(), in.input(), in.chain(), generator.explode(),
                    in.column(), false, generator.indices(), UnsafeProjection.create(new DataType[0]), project,
                    settings, in.mode(), counter, memory);
            assertEquals(expected, drain(blocks));
        }
        return counter;
    }

    private static List<InternalRow> rows(List<Object> values) {
        List<InternalRow> rows = new ArrayList<>();
        for (Object v : values) {
            rows.add(new GenericInternalRow(new Object[] {v}));
        }
        return rows;
    }

    private static Object normalized(DataType[] types, Object value) {
        return UnsafeProjection.create(types).apply(new GenericInternalRow(new Object[] {value})).copy();
    }

    private static List<Object> drain(Iterator<InternalRow> rows) {
        List<Object> out = new ArrayList<>();
        while (rows.hasNext()) {
            out.add(((UnsafeRow) rows.next()).copy());
        }
        return out;
    }
}
