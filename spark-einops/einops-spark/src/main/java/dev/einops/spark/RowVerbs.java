package dev.einops.spark;

import dev.einops.types.EinopsException;
import dev.einops.spark.catalyst.EinopsColumns;
import dev.einops.spark.catalyst.PlannerInstaller;
import dev.einops.spark.exec.RowErrors;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.transform.BatchPattern;
import dev.einops.spark.transform.CompiledCall;
import dev.einops.spark.transform.ExplodeTransform;
import dev.einops.spark.transform.RowTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * The verbs' bodies: the pattern's kind decides how the call runs. A per-row step replaces the column
 * in place; an explode replaces each row by the rows it explodes into, carrying the other columns.
 */
final class RowVerbs {
    private RowVerbs() {
    }

    static Dataset<Row> apply(Dataset<Row> df, String column, VerbCall written, boolean indexColumns) {
        CompiledCall call = written.compile();
        boolean connect = SqlCalls.onConnect(df);
        if (!connect) {
            PlannerInstaller.install(df.sparkSession());
        }
        return switch (call.kind()) {
            case PER_ROW -> {
                if (indexColumns) {
                    throw call.error("index columns are for patterns that explode rows, whose row axis leads an output"
                            + " composition ((b h w) ...); this pattern maps each row to one row");
                }
                yield connect ? ConnectVerbs.perRow(df, column, call) : perRow(df, column, call, RowTransform.of(call));
            }
            case EXPLODE -> connect ? ConnectVerbs.explode(df, column, call, indexColumns)
                    : explode(df, column, call, ExplodeTransform.of(call), indexColumns);
            case AGGREGATE -> AcrossRows.reduceAll(df, column, call);
            case STACK -> throw call.error("the row axis " + call.rowAxis() + " moves on the output, so the rows are "
                    + "stacked into one tensor, which needs their order: name an order column, "
                    + "rearrange(df, column, pattern, orderBy); " + BatchPattern.RULE);
        };
    }

    private static Dataset<Row> perRow(Dataset<Row> df, String column, CompiledCall call, RowTransform transform) {
        TensorColumnType output = typed(df, column, call, transform::outputType);
        checkRowCount(df, call, transform.expectedRowCount());
        Column result = EinopsColumns.transform(df.col(quoted(column)), transform);
        return df.withColumn(column, result).withMetadata(column, output.metadata());
    }

    private static Dataset<Row> explode(Dataset<Row> df, String column, CompiledCall call, ExplodeTransform transform,
                                        boolean indexColumns) {
        TensorColumnType output = typed(df, column, call, transform::outputType);
        checkRowCount(df, call, transform.perRow().expectedRowCount());
        List<String> names = new ArrayList<>(List.of(column));
        if (indexColumns) {
            for (String axis : transform.indexAxes()) {
                if (Arrays.asList(df.columns()).contains(axis) && !axis.equals(column)) {
                    throw call.error("the index column " + axis + " would replace the DataFrame's column of that name");
                }
                names.add(axis);
            }
        }
        Column generator = EinopsColumns.explode(df.col(quoted(column)), transform, indexColumns);
        List<Column> columns = new ArrayList<>();
        for (String name : df.columns()) {
            if (name.equals(column)) {
                columns.add(generator.as(names.toArray(String[]::new)));
            } else if (!names.contains(name)) {
                columns.add(df.col(quoted(name)));
            }
        }
        return df.select(columns.toArray(Column[]::new)).withMetadata(column, output.metadata());
    }

    /** The output type of the column's tensors under {@code typing}, or the einops error naming the column. */
    static TensorColumnType typed(Dataset<Row> df, String column, CompiledCall call,
                                  java.util.function.Function<TensorColumnType, TensorColumnType> typing) {
        return typed(df, column, call.label(), call.pattern(), call.axesLengths(), typing);
    }

    /** {@link #typed(Dataset, String, CompiledCall, java.util.function.Function)} for a call of {@code label}. */
    static TensorColumnType typed(Dataset<Row> df, String column, String label, String pattern,
                                  Map<String, ? extends Number> axesLengths,
                                  java.util.function.Function<TensorColumnType, TensorColumnType> typing) {
        requireColumn(df, column, label, pattern, axesLengths);
        StructField field = df.schema().apply(column);
        try {
            return typing.apply(TensorColumnType.of(field.dataType(), field.metadata()));
        } catch (EinopsException e) {
            throw RowErrors.error(e.reason(), column, label, pattern, e.inputShape(), axesLengths);
        }
    }

    /** Fails with the einops error naming the call if {@code df} has no column {@code column}. */
    static void requireColumn(Dataset<Row> df, String column, String label, String pattern,
                              Map<String, ? extends Number> axesLengths) {
        if (column == null || !Arrays.asList(df.schema().fieldNames()).contains(column)) {
            throw new EinopsException("There is no column '" + column + "'; the DataFrame has "
                    + Arrays.toString(df.schema().fieldNames())).withContext(label, pattern, null, axesLengths);
        }
    }

    /** A length given for the row axis asserts the number of rows, as the reference checks the batch's length. */
    static void checkRowCount(Dataset<Row> df, CompiledCall call, long expected) {
        if (expected >= 0) {
            long rows = df.count();
            if (rows != expected) {
                throw call.error("Shape mismatch, " + rows + " != " + expected + ": the row axis stands for the "
                        + "DataFrame's " + rows + " rows, but its length is given as " + expected);
            }
        }
    }

    static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
