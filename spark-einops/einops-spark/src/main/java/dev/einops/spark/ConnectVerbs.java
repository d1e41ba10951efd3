package dev.einops.spark;

import dev.einops.internal.recipe.Operation;
import dev.einops.spark.catalyst.EinopsRegistry;
import dev.einops.spark.transform.CompiledCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;

/**
 * The DataFrame verbs over Spark Connect: the same calls as in a classic session, made of the SQL
 * functions by name ({@link SqlCalls}), with the same kinds of pattern, results and errors. The call
 * is compiled on the client (einops-core alone), which checks the pattern, reduction and lengths;
 * the column's type and shape are checked by the server when it analyses the result, at once, as a
 * classic session does. The shape that a classic session records in the result column's metadata
 * is not recorded (the client computes no types, which would need the engine's classes).
 */
final class ConnectVerbs {
    private ConnectVerbs() {
    }

    /** A per-row step: the column replaced in place by the SQL function of the row pattern. */
    static Dataset<Row> perRow(Dataset<Row> df, String column, CompiledCall call) {
        checkColumnAndRows(df, column, call);
        Column input = df.col(RowVerbs.quoted(column));
        String name = EinopsRegistry.stepName(call.operation());
        Column result = call.operation() == Operation.REDUCE
                ? SqlCalls.call(name, call.axesLengths(), input, call.rowPattern(), call.reduction())
                : SqlCalls.call(name, call.axesLengths(), input, call.rowPattern());
        return SqlCalls.analysed(df.withColumn(column, result), call);
    }

    /** An explode: each row replaced by its rows, the other columns carried. */
    static Dataset<Row> explode(Dataset<Row> df, String column, CompiledCall call, boolean indexColumns) {
        if (indexColumns) {
            throw SqlCalls.unsupported(call.label() + " with index columns", "the SQL function einops_explode gives "
                    + "the exploded tensors only; explode without index columns, or use a classic session");
        }
        if (call.operation() != Operation.REARRANGE) {
            throw SqlCalls.unsupported(call.label() + " that explodes rows", "the SQL function einops_explode "
                    + "rearranges only");
        }
        checkColumnAndRows(df, column, call);
        Column generator = SqlCalls.call(EinopsRegistry.Explode(), call.axesLengths(), df.col(RowVerbs.quoted(column)),
                call.pattern());
        List<Column> columns = new ArrayList<>();
        for (String name : df.columns()) {
            columns.add(name.equals(column) ? generator.as(column) : df.col(RowVerbs.quoted(name)));
        }
        return SqlCalls.analysed(df.select(columns.toArray(Column[]::new)), call);
    }

    /** The reduction across all rows: one row. */
    static Dataset<Row> reduceAll(Dataset<Row> df, String column, CompiledCall call) {
        checkColumnAndRows(df, column, call);
        return SqlCalls.analysed(df.agg(reduceAgg(df.col(RowVerbs.quoted(column)), call).as(column)), call);
    }

    /** The reduction across the rows of each group. */
    static Dataset<Row> reduceGroups(RelationalGroupedDataset grouped, String column, CompiledCall call) {
        noRowCount(call);
        return SqlCalls.analysed(grouped.agg(reduceAgg(org.apache.spark.sql.functions.col(RowVerbs.quoted(column)),
                call).as(column)), call);
    }

    /** All rows stacked in the order of {@code orderBy}: one row. */
    static Dataset<Row> stackAll(Dataset<Row> df, String column, CompiledCall call, String orderBy) {
        checkColumnAndRows(df, column, call);
        if (orderBy == null || !Arrays.asList(df.columns()).contains(orderBy)) {
            throw AcrossRows.noOrderColumn(df, call, orderBy);
        }
        return SqlCalls.analysed(df.agg(stackAgg(df.col(RowVerbs.quoted(column)), call,
                df.col(RowVerbs.quoted(orderBy))).as(column)), call);
    }

    /** The rows of each group stacked in the order of {@code orderBy}. */
    static Dataset<Row> stackGroups(RelationalGroupedDataset grouped, String column, CompiledCall call, String orderBy) {
        noRowCount(call);
        return SqlCalls.analysed(grouped.agg(stackAgg(org.apache.spark.sql.functions.col(RowVerbs.quoted(column)), call,
                org.apache.spark.sql.functions.col(RowVerbs.quoted(orderBy))).as(column)), call);
    }

    private static Column reduceAgg(Column input, CompiledCall call) {
        return SqlCalls.call(EinopsRegistry.ReduceAgg(), call.axesLengths(), input, call.pattern(), call.reduction());
    }

    private static Column stackAgg(Column input, CompiledCall call, Column order) {
        return SqlCalls.call(EinopsRegistry.StackAgg(), call.axesLengths(), input, call.pattern(), order);
    }

    /**
     * The column must exist, and a length given for the row axis asserts the number of rows, checked
     * here as in a classic session: the SQL functions take the other lengths only.
     */
    private static void checkColumnAndRows(Dataset<Row> df, String column, CompiledCall call) {
        RowVerbs.requireColumn(df, column, call.label(), call.pattern(), call.axesLengths());
        RowVerbs.checkRowCount(df, call, call.rowCount());
    }

    private static void noRowCount(CompiledCall call) {
        if (call.rowCount() >= 0) {
            throw AcrossRows.rowCountOfGroups(call);
        }
    }
}
