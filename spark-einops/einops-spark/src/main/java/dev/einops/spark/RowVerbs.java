package dev.einops.spark;

import dev.einops.types.EinopsException;
import dev.einops.spark.catalyst.EinopsColumns;
import dev.einops.spark.catalyst.PlannerInstaller;
import dev.einops.spark.exec.RowErrors;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.transform.BatchPattern;
import dev.einops.spark.transform.CompiledCall;
import dev.einops.spark.transform.ExplodeTransform;
import dev.einops.spark.transform.NamedAxes;
import dev.einops.spark.transform.RowTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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

    static Dataset<Row> apply(Dataset<Row> df, String given, VerbCall written, boolean indexColumns) {
        String column = columnName(df.columns(), given);
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
        return withMetadata(df.withColumn(column, result), column, output.metadata());
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
        return withMetadata(df.select(columns.toArray(Column[]::new)), column, output.metadata());
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
            TensorColumnType input = TensorColumnType.of(field.dataType(), field.metadata());
            List<String> axes = NamedAxes.inputAxes(pattern);
            if (!axes.isEmpty() && EinopsConf.dimNamesCheck(df.sparkSession().conf())) {
                NamedAxes.check(input, axes.subList(1, axes.size()), pattern, column);
            }
            return typing.apply(input);
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

    /**
     * {@code df} with {@code metadata} on the column named {@code column}, taken as a name
     * ({@code my.img} is one column), as {@code withColumn} takes it: Spark's own
     * {@code withMetadata} parses the name as a path.
     */
    static Dataset<Row> withMetadata(Dataset<Row> df, String column, org.apache.spark.sql.types.Metadata metadata) {
        return df.withColumn(column, df.col(quoted(column)).as(column, metadata));
    }

    /**
     * The column {@code given} names: a column's name as it is ({@code my.img}), or one in
     * backticks ({@code `my.img`}) when no column has the backticks in its name.
     */
    static String columnName(String[] columns, String given) {
        if (given == null || Arrays.asList(columns).contains(given)) {
            return given;
        }
        if (given.length() >= 2 && given.startsWith("`") && given.endsWith("`")) {
            String unquoted = given.substring(1, given.length() - 1).replace("``", "`");
            if (Arrays.asList(columns).contains(unquoted)) {
                return unquoted;
            }
        }
        return given;
    }

    /** The body of {@code SparkEinops.checkShape}: the pattern's first axis is the rows. */
    static Dataset<Row> checkShape(Dataset<Row> df, String column, String pattern,
                                   Map<String, ? extends Number> axesLengths) {
        String trimmed = pattern == null ? "" : pattern.strip();
        String rowAxis = trimmed.split("\\s+", 2)[0];
        if (rowAxis.isEmpty() || rowAxis.startsWith("(") || rowAxis.startsWith("...")) {
            throw new EinopsException("the pattern's first axis stands for the DataFrame's rows and must be a name")
                    .withContext("check_shape", pattern, null, axesLengths);
        }
        String rowPattern = trimmed.substring(rowAxis.length()).strip();
        Map<String, Long> lengths = new LinkedHashMap<>(lengths(pattern, axesLengths));
        Long rows = lengths.remove(rowAxis);
        StructField field = df.schema().getFieldIndex(column).isDefined() ? df.schema().apply(column) : null;
        if (field == null) {
            throw new EinopsException("There is no column '" + column + "'; the DataFrame has "
                    + Arrays.toString(df.schema().fieldNames())).withContext("check_shape", pattern, null, axesLengths);
        }
        Column checked = functions.checkShape(df.col(quoted(column)), rowPattern, lengths);
        Dataset<Row> result;
        try {
            result = df.withColumn(column, checked.as(column, field.metadata()));
        } catch (Exception e) {
            // analysis found the recorded shape at odds with the pattern: the verbs' own exception
            if (e instanceof org.apache.spark.sql.AnalysisException) {
                throw new EinopsException(e.getMessage() + " (column '" + column + "')", e);
            }
            throw e;
        }
        if (rows != null) {
            long count = df.count();
            if (count != rows) {
                throw new EinopsException("Shape mismatch, " + count + " != " + rows + ": the row axis " + rowAxis
                        + " stands for the DataFrame's " + count + " rows").withContext("check_shape", pattern, null,
                        axesLengths);
            }
        }
        return result;
    }

    /** Axis lengths as longs, each a whole number at least 0. */
    static Map<String, Long> lengths(String pattern, Map<String, ? extends Number> axesLengths) {
        Map<String, Long> out = new LinkedHashMap<>();
        (axesLengths == null ? Map.<String, Number>of() : axesLengths).forEach((name, length) -> {
            if (length == null || length.doubleValue() != length.longValue() || length.longValue() < 0) {
                throw new EinopsException("the length of axis " + name + " must be a whole number at least 0, not "
                        + length).withContext("check_shape", pattern, null, axesLengths);
            }
            out.put(name, length.longValue());
        });
        return Map.copyOf(out);
    }

    static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
