package dev.einops.spark;

import dev.einops.spark.catalyst.EinopsColumns;
import dev.einops.types.EinopsException;
import dev.einops.spark.catalyst.PlannerInstaller;
import dev.einops.spark.exec.ReduceAccumulator;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.transform.BatchTransform;
import dev.einops.spark.transform.CompiledCall;
import dev.einops.spark.transform.RowAxisKind;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.einops.SparkInternals;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The verbs' bodies for patterns that combine rows: reductions across the rows of a DataFrame or of
 * each group, and stacks of rows in a given order. The result has one row (or one per group: the
 * grouping columns and the tensor column, which keeps its name).
 */
final class AcrossRows {
    private AcrossRows() {
    }

    static Dataset<Row> reduceAll(Dataset<Row> df, String given, CompiledCall call) {
        String column = RowVerbs.columnName(df.columns(), given);
        if (SqlCalls.onConnect(df)) {
            return ConnectVerbs.reduceAll(df, column, call);
        }
        BatchTransform transform = BatchTransform.of(call, RowAxisKind.AGGREGATE);
        TensorColumnType output = RowVerbs.typed(df, column, call, transform::outputType);
        RowVerbs.checkRowCount(df, call, transform.expectedRowCount());
        return df.agg(EinopsColumns.reduceAgg(df.col(RowVerbs.quoted(column)), transform).as(column, output.metadata()));
    }

    static Dataset<Row> reduceGroups(RelationalGroupedDataset grouped, String column, VerbCall written) {
        CompiledCall call = written.compile();
        if (SqlCalls.onConnect(grouped)) {
            return ConnectVerbs.reduceGroups(grouped, column, call);
        }
        BatchTransform transform = BatchTransform.of(call, RowAxisKind.AGGREGATE);
        Dataset<Row> df = SparkInternals.groupedFrame(grouped);
        PlannerInstaller.install(df.sparkSession());
        TensorColumnType output = RowVerbs.typed(df, column, call, transform::outputType);
        noRowCount(call, transform);
        return grouped.agg(EinopsColumns.reduceAgg(df.col(RowVerbs.quoted(column)), transform)
                .as(column, output.metadata()));
    }

    static Dataset<Row> stackAll(Dataset<Row> df, String given, VerbCall written, String orderBy) {
        String column = RowVerbs.columnName(df.columns(), given);
        CompiledCall call = written.compile();
        if (SqlCalls.onConnect(df)) {
            return ConnectVerbs.stackAll(df, column, call, orderBy);
        }
        PlannerInstaller.install(df.sparkSession());
        BatchTransform transform = BatchTransform.of(call, RowAxisKind.STACK);
        TensorColumnType output = RowVerbs.typed(df, column, call, transform::outputType);
        RowVerbs.checkRowCount(df, call, transform.expectedRowCount());
        return df.agg(stack(df, column, transform, orderBy, call).as(column, output.metadata()));
    }

    static Dataset<Row> stackGroups(RelationalGroupedDataset grouped, String column, VerbCall written, String orderBy) {
        CompiledCall call = written.compile();
        if (SqlCalls.onConnect(grouped)) {
            return ConnectVerbs.stackGroups(grouped, column, call, orderBy);
        }
        BatchTransform transform = BatchTransform.of(call, RowAxisKind.STACK);
        Dataset<Row> df = SparkInternals.groupedFrame(grouped);
        PlannerInstaller.install(df.sparkSession());
        TensorColumnType output = RowVerbs.typed(df, column, call, transform::outputType);
        noRowCount(call, transform);
        return grouped.agg(stack(df, column, transform, orderBy, call).as(column, output.metadata()));
    }

    private static Column stack(Dataset<Row> df, String column, BatchTransform transform, String orderBy,
                                CompiledCall call) {
        if (orderBy == null || !java.util.Arrays.asList(df.columns()).contains(orderBy)) {
            throw noOrderColumn(df, call, orderBy);
        }
        return EinopsColumns.stackAgg(df.col(RowVerbs.quoted(column)), transform, df.col(RowVerbs.quoted(orderBy)));
    }

    /**
     * The reduction across all rows, computed by the executors and merged through a tree of depth
     * {@code spark.einops.treeAggregate.depth}, so that the driver receives a few partial results,
     * not one per partition.
     */
    static INDArray reduceToArray(Dataset<Row> df, String given, VerbCall written) {
        String column = RowVerbs.columnName(df.columns(), given);
        if (SqlCalls.onConnect(df)) {
            throw SqlCalls.unsupported("reduceToArray", "it merges partial results into an ND4J array on the "
                    + "driver; reduce(df, column, pattern, reduction) gives the same tensor as a one-row DataFrame");
        }
        CompiledCall call = written.compile();
        BatchTransform transform = BatchTransform.of(call, RowAxisKind.AGGREGATE);
        RowVerbs.typed(df, column, call, transform::outputType);
        RowVerbs.checkRowCount(df, call, transform.expectedRowCount());
        StructField field = df.schema().apply(column);
        TensorColumnType input = TensorColumnType.of(field.dataType(), field.metadata());
        DataType type = field.dataType();
        ReduceAccumulator zero = new ReduceAccumulator(transform, input,
                EinopsConf.aggregateSettings(df.sparkSession().conf()), EinopsConf.mode(df.sparkSession().conf()),
                column, null);
        Function2<ReduceAccumulator, InternalRow, ReduceAccumulator> add = (acc, row) -> {
            acc.add(row.isNullAt(0) ? null : row.get(0, type));
            return acc;
        };
        Function2<ReduceAccumulator, ReduceAccumulator, ReduceAccumulator> merge = (a, b) -> {
            a.merge(b);
            return a;
        };
        ReduceAccumulator total = ((org.apache.spark.sql.classic.Dataset<Row>) df.select(RowVerbs.quoted(column)))
                .queryExecution().toRdd().toJavaRDD()
                .treeAggregate(zero, add, merge, EinopsConf.treeAggregateDepth(df.sparkSession().conf()));
        INDArray result = total.toArray();
        if (result == null) {
            throw call.error("reduceToArray of no rows needs the column's shape in its metadata, and column "
                    + column + " has " + input);
        }
        return result;
    }

    private static void noRowCount(CompiledCall call, BatchTransform transform) {
        if (transform.expectedRowCount() >= 0) {
            throw rowCountOfGroups(call);
        }
    }

    static EinopsException rowCountOfGroups(CompiledCall call) {
        return call.error("the row axis " + call.rowAxis() + " stands for each group's rows, whose number differs "
                + "between groups, so its length cannot be given");
    }

    static EinopsException noOrderColumn(Dataset<Row> df, CompiledCall call, String orderBy) {
        return call.error("stacking rows needs an order column, and the DataFrame has no column '" + orderBy + "': "
                + java.util.Arrays.toString(df.columns()));
    }
}
