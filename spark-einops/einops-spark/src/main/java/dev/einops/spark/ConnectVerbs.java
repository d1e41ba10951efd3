package dev.einops.spark;

import dev.einops.internal.recipe.Operation;
import dev.einops.spark.transform.BatchPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;

/**
 * The DataFrame verbs over Spark Connect: the same calls as in a classic session, made of the SQL
 * functions by name ({@link SqlCalls}), with the same kinds of pattern, results and errors. Only the
 * pattern is read here (einops-core's parser); types, shapes and bad arguments are checked by the
 * server when it analyses the result, at once, as a classic session does. The shape that a classic
 * session records in the result column's metadata is not recorded (the client does not compute
 * types, which would need the engine's classes).
 */
final class ConnectVerbs {
    private ConnectVerbs() {
    }

    /** A per-row step: the column replaced in place by the row pattern's SQL function. */
    static Dataset<Row> perRow(Dataset<Row> df, String column, VerbCall call) {
        BatchPattern pattern = BatchPattern.parse(call.pattern());
        RowVerbs.field(df, column, call);
        Map<String, ? extends Number> lengths = rowLengths(df, call, pattern.rowAxis());
        Column input = df.col(RowVerbs.quoted(column));
        Column result = call.operation() == Operation.REDUCE
                ? SqlCalls.call("einops_reduce", lengths, input, pattern.rowPattern(), call.reduction())
                : SqlCalls.call(call.operation() == Operation.REPEAT ? "einops_repeat" : "einops_rearrange", lengths,
                        input, pattern.rowPattern());
        return SqlCalls.analysed(df.withColumn(column, result), call);
    }

    /** An explode: each row replaced by its rows, the other columns carried. */
    static Dataset<Row> explode(Dataset<Row> df, String column, VerbCall call, boolean indexColumns) {
        if (indexColumns) {
            throw SqlCalls.unsupported(call.label() + " with index columns", "the SQL function einops_explode gives "
                    + "the exploded tensors only; explode without index columns, or use a classic session");
        }
        if (call.operation() != Operation.REARRANGE) {
            throw SqlCalls.unsupported(call.label() + " that explodes rows", "the SQL function einops_explode "
                    + "rearranges only");
        }
        BatchPattern pattern = BatchPattern.parse(call.pattern());
        RowVerbs.field(df, column, call);
        Map<String, ? extends Number> lengths = rowLengths(df, call, pattern.rowAxis());
        Column generator = SqlCalls.call("einops_explode", lengths, df.col(RowVerbs.quoted(column)), call.pattern());
        List<Column> columns = new ArrayList<>();
        for (String name : df.columns()) {
            columns.add(name.equals(column) ? generator.as(column) : df.col(RowVerbs.quoted(name)));
        }
        return SqlCalls.analysed(df.select(columns.toArray(Column[]::new)), call);
    }

    /** The reduction across all rows: one row. */
    static Dataset<Row> reduceAll(Dataset<Row> df, String column, VerbCall call) {
        RowVerbs.field(df, column, call);
        Map<String, ? extends Number> lengths = rowLengths(df, call, BatchPattern.parse(call.pattern()).rowAxis());
        return SqlCalls.analysed(df.agg(reduceAgg(df.col(RowVerbs.quoted(column)), call, lengths).as(column)), call);
    }

    /** The reduction across the rows of each group. */
    static Dataset<Row> reduceGroups(RelationalGroupedDataset grouped, String column, VerbCall call) {
        noRowCount(call);
        return SqlCalls.analysed(grouped.agg(reduceAgg(org.apache.spark.sql.functions.col(RowVerbs.quoted(column)),
                call, call.axesLengths()).as(column)), call);
    }

    /** All rows stacked in the order of {@code orderBy}: one row. */
    static Dataset<Row> stackAll(Dataset<Row> df, String column, VerbCall call, String orderBy) {
        RowVerbs.field(df, column, call);
        Map<String, ? extends Number> lengths = rowLengths(df, call, BatchPattern.parse(call.pattern()).rowAxis());
        if (orderBy == null || !Arrays.asList(df.columns()).contains(orderBy)) {
            throw AcrossRows.noOrderColumn(df, call, orderBy);
        }
        return SqlCalls.analysed(df.agg(stackAgg(df.col(RowVerbs.quoted(column)), call, lengths,
                df.col(RowVerbs.quoted(orderBy))).as(column)), call);
    }

    /** The rows of each group stacked in the order of {@code orderBy}. */
    static Dataset<Row> stackGroups(RelationalGroupedDataset grouped, String column, VerbCall call, String orderBy) {
        noRowCount(call);
        return SqlCalls.analysed(grouped.agg(stackAgg(org.apache.spark.sql.functions.col(RowVerbs.quoted(column)), call,
                call.axesLengths(), org.apache.spark.sql.functions.col(RowVerbs.quoted(orderBy))).as(column)), call);
    }

    private static Column reduceAgg(Column input, VerbCall call, Map<String, ? extends Number> lengths) {
        return SqlCalls.call("einops_reduce_agg", lengths, input, call.pattern(), call.reduction());
    }

    private static Column stackAgg(Column input, VerbCall call, Map<String, ? extends Number> lengths, Column order) {
        return SqlCalls.call("einops_stack_agg", lengths, input, call.pattern(), order);
    }

    /**
     * The lengths without the row axis's, which the SQL functions of one row's tensor do not know: a
     * length given for it asserts the number of rows, checked here as in a classic session.
     */
    private static Map<String, ? extends Number> rowLengths(Dataset<Row> df, VerbCall call, String rowAxis) {
        Number rows = call.axesLengths().get(rowAxis);
        if (rows == null) {
            return call.axesLengths();
        }
        RowVerbs.checkRowCount(df, call, rows.longValue());
        Map<String, Number> rest = new HashMap<>(call.axesLengths());
        rest.remove(rowAxis);
        return rest;
    }

    private static void noRowCount(VerbCall call) {
        String rowAxis = BatchPattern.parse(call.pattern()).rowAxis();
        if (call.axesLengths().containsKey(rowAxis)) {
            throw AcrossRows.rowCountOfGroups(call, rowAxis);
        }
    }
}
