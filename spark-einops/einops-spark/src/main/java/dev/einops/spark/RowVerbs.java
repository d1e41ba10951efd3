package dev.einops.spark;

import dev.einops.types.EinopsException;
import dev.einops.spark.catalyst.EinopsColumns;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.transform.ExplodeTransform;
import dev.einops.spark.transform.RowTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    static Dataset<Row> apply(Dataset<Row> df, String column, VerbCall call, boolean indexColumns) {
        return switch (call.kind()) {
            case PER_ROW -> {
                if (indexColumns) {
                    throw call.error("index columns are for patterns that explode rows, whose row axis leads an output"
                            + " composition ((b h w) ...); this pattern maps each row to one row");
                }
                yield SqlCalls.onConnect(df) ? ConnectVerbs.perRow(df, column, call)
                        : perRow(df, column, call, RowTransform.of(call.operation(), call.pattern(), call.reduction(),
                                call.axesLengths(), true));
            }
            case EXPLODE -> SqlCalls.onConnect(df) ? ConnectVerbs.explode(df, column, call, indexColumns)
                    : explode(df, column, call, ExplodeTransform.of(call.operation(), call.pattern(), call.reduction(),
                            call.axesLengths()), indexColumns);
            case AGGREGATE -> AcrossRows.reduceAll(df, column, call);
            case STACK -> throw call.error("the row axis " + dev.einops.spark.transform.BatchPattern.parse(call.pattern())
                    .rowAxis() + " moves on the output, so the rows are stacked into one tensor, which needs their "
                    + "order: name an order column, rearrange(df, column, pattern, orderBy); "
                    + dev.einops.spark.transform.BatchPattern.RULE);
        };
    }

    private static Dataset<Row> perRow(Dataset<Row> df, String column, VerbCall call, RowTransform transform) {
        TensorColumnType output = typed(df, column, call, transform::outputType);
        checkRowCount(df, call, transform.expectedRowCount());
        Column result = EinopsColumns.transform(df.col(quoted(column)), transform);
        return df.withColumn(column, result).withMetadata(column, output.metadata());
    }

    private static Dataset<Row> explode(Dataset<Row> df, String column, VerbCall call, ExplodeTransform transform,
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
    static TensorColumnType typed(Dataset<Row> df, String column, VerbCall call,
                                  java.util.function.Function<TensorColumnType, TensorColumnType> typing) {
        StructField field = field(df, column, call);
        try {
            return typing.apply(TensorColumnType.of(field.dataType(), field.metadata()));
        } catch (EinopsException e) {
            throw new EinopsException(e.reason() + " (column '" + column + "')", e)
                    .withContext(call.label(), call.pattern(), e.inputShape(), call.axesLengths());
        }
    }

    static StructField field(Dataset<Row> df, String column, VerbCall call) {
        if (column == null || !Arrays.asList(df.schema().fieldNames()).contains(column)) {
            throw call.error("There is no column '" + column + "'; the DataFrame has "
                    + Arrays.toString(df.schema().fieldNames()));
        }
        return df.schema().apply(column);
    }

    /** A length given for the row axis asserts the number of rows, as the reference checks the batch's length. */
    static void checkRowCount(Dataset<Row> df, VerbCall call, long expected) {
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
