package dev.einops.spark.arrow;

import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.einops.internal.recipe.Operation;
import dev.einops.spark.catalyst.EinopsColumns;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.spark.transform.ConvertStep;
import dev.einops.spark.transform.RowTransform;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.einops.SparkInternals;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parquet files whose tensor columns other tools understand: the bodies of
 * {@code SparkEinops.readTensors} and {@code SparkEinops.writeTensors}.
 *
 * <p>Reading, each column that the footer's {@code ARROW:schema} marks as one of Arrow's canonical
 * tensor types keeps its data and gains, in its metadata, its shape ({@code einops.shape}) and axes'
 * names ({@code einops.dim_names}): a fixed-shape tensor is the flat {@code array<T>} of its storage
 * with its shape, a variable-shape tensor the tensor struct {@code struct<data, shape>}. A permuted
 * tensor is rearranged into its logical layout. Writing, every tensor column is stored as Arrow's
 * fixed-shape tensor where all its rows have one shape, else as the variable-shape tensor, and
 * the footer marks it so; the column's encoding and metadata are recorded ({@code einops.encoding},
 * {@code einops.original}) so that reading the file back gives the same columns.
 *
 * <pre>{@code
 * Dataset<Row> images = TensorFiles.read(spark, path, Map.of());
 * images.schema().apply("image").metadata();   // {"einops.shape":[2,3,4],"einops.dim_names":["c","h","w"]}
 * TensorFiles.write(images, out, SaveMode.Overwrite, Map.of());
 * }</pre>
 */
public final class TensorFiles {
    /** The column-metadata key recording the encoding a column had before it was written. */
    public static final String ENCODING_KEY = "einops.encoding";
    /** The column-metadata key keeping a written tensor column's own metadata, restored when it is read. */
    public static final String ORIGINAL_KEY = "einops.original";
    private static final Logger LOG = LoggerFactory.getLogger(TensorFiles.class);

    private TensorFiles() {
    }

    /**
     * The Parquet data at {@code path} with its canonical tensor columns recognised.
     *
     * @throws EinopsException if the footer's {@code ARROW:schema} cannot be read, or contradicts the data
     */
    public static Dataset<Row> read(SparkSession spark, String path, Map<String, String> options) {
        Dataset<Row> df = spark.read().options(options).parquet(path);
        String[] files = df.inputFiles();
        if (files.length == 0) {
            return df;
        }
        Arrays.sort(files);
        Schema arrow = ArrowSchemaKey.read(new Path(files[0]), spark.sparkContext().hadoopConfiguration());
        return withTensors(df, arrow == null ? List.of() : arrow.getFields(), files[0]);
    }

    /** {@code df} with the columns {@code fields} mark as canonical tensors typed as such. */
    static Dataset<Row> withTensors(Dataset<Row> df, List<Field> fields, String source) {
        Map<String, CanonicalTensor> tensors = new LinkedHashMap<>();
        for (Field field : fields) {
            try {
                CanonicalTensor.of(field).ifPresent(t -> tensors.put(field.getName(), t));
            } catch (CanonicalTensor.UnsupportedElements e) {
                LOG.warn("{} in {}; it is read as its plain storage column", e.getMessage(), source);
            } catch (EinopsException e) {
                throw new EinopsException(e.getMessage() + " (in " + source + ")", e);
            }
        }
        List<Column> columns = new ArrayList<>();
        for (StructField field : df.schema().fields()) {
            CanonicalTensor tensor = tensors.get(field.name());
            Column column = df.col(quoted(field.name()));
            columns.add(tensor == null ? restored(column, field) : recognised(column, field, tensor, source));
        }
        return df.select(columns.toArray(Column[]::new));
    }

    private static Column recognised(Column column, StructField field, CanonicalTensor tensor, String source) {
        TensorColumnType stored;
        try {
            stored = TensorColumnType.of(field.dataType(), Metadata.empty());
        } catch (EinopsException e) {
            throw mismatch(field, tensor, source);
        }
        TensorEncoding expected = tensor.fixed() ? TensorEncoding.FLAT : TensorEncoding.STRUCT;
        if (stored.encoding() != expected || stored.elementType() != tensor.elementType()) {
            throw mismatch(field, tensor, source);
        }
        TensorColumnType physical = TensorColumnType.of(field.dataType(), typeMetadata(tensor.shape(), tensor.dimNames()));
        Column typed = column.as(field.name(), merged(field.metadata(), physical.metadata()));
        if (!tensor.permuted()) {
            return restored(typed, field);
        }
        RowTransform toLogical = RowTransform.of(Operation.REARRANGE, tensor.logicalPattern(), null, Map.of(), false);
        TensorColumnType logical = toLogical.outputType(physical).withDimNames(tensor.logicalDimNames());
        Column permuted = EinopsColumns.transform(typed, toLogical)
                .as(field.name(), merged(field.metadata(), logical.metadata()));
        return restored(permuted, field);
    }

    /**
     * The column as it was when this library wrote it: in its encoding ({@value #ENCODING_KEY}) and
     * with its metadata ({@value #ORIGINAL_KEY}); any other column as it is.
     */
    private static Column restored(Column column, StructField field) {
        Metadata metadata = field.metadata();
        if (!metadata.contains(ORIGINAL_KEY)) {
            return column;
        }
        Column converted = column;
        if (metadata.contains(ENCODING_KEY)) {
            converted = EinopsColumns.transform(column,
                    new ConvertStep(TensorEncoding.valueOf(metadata.getString(ENCODING_KEY))));
        }
        return converted.as(field.name(), metadata.getMetadata(ORIGINAL_KEY));
    }

    private static EinopsException mismatch(StructField field, CanonicalTensor tensor, String source) {
        return new EinopsException("column '" + field.name() + "' of " + source + " is " + tensor
                + " in the footer's ARROW:schema, but Spark reads it as " + field.dataType().simpleString()
                + ", which is not that type's storage");
    }

    /**
     * Writes {@code df} as Parquet with its tensor columns marked in the footer's {@code ARROW:schema}.
     * A tensor column is one of nested arrays, the tensor struct, a Vector, or a flat array whose
     * metadata records a shape or axis names; other columns are written as they are.
     *
     * @throws EinopsException if a tensor column's rows have different ranks
     */
    public static void write(Dataset<Row> df, String path, SaveMode mode, Map<String, String> options) {
        Prepared prepared = prepare(df);
        prepared.data().write().format(TensorParquetFormat.class.getName()).mode(mode).options(options)
                .option(TensorParquetFormat.ArrowSchemaOption(), ArrowSchemaKey.encode(prepared.schema()))
                .save(path);
    }

    /** The data to write, each tensor column in its canonical storage, and the Arrow schema marking them. */
    record Prepared(Dataset<Row> data, Schema schema) {
    }

    static Prepared prepare(Dataset<Row> df) {
        Map<String, TensorColumnType> tensors = new LinkedHashMap<>();
        for (StructField field : df.schema().fields()) {
            TensorColumnType type = tensorType(field);
            if (type != null) {
                tensors.put(field.name(), type);
            }
        }
        Map<String, long[]> shapes = rowShapes(df, tensors);
        List<Column> columns = new ArrayList<>();
        Map<String, CanonicalTensor> marked = new LinkedHashMap<>();
        for (StructField field : df.schema().fields()) {
            TensorColumnType type = tensors.get(field.name());
            long[] shape = shapes.get(field.name());
            if (type == null || shape == null) {
                columns.add(df.col(quoted(field.name())));
                continue;
            }
            boolean fixed = Arrays.stream(shape).allMatch(d -> d >= 0);
            CanonicalTensor tensor = fixed ? CanonicalTensor.fixed(field.name(), type.elementType(), shape, type.dimNames())
                    : CanonicalTensor.variable(field.name(), type.elementType(), shape, type.dimNames());
            marked.put(field.name(), tensor);
            columns.add(fixed ? fixedStorage(df, field, type, shape) : variableStorage(df, field, type, shape));
        }
        Dataset<Row> data = df.select(columns.toArray(Column[]::new));
        String timeZone = df.sparkSession().conf().get("spark.sql.session.timeZone");
        List<Field> fields = new ArrayList<>();
        Schema sparkArrow = SparkInternals.arrowSchema(data.schema(), timeZone);
        for (int i = 0; i < data.schema().fields().length; i++) {
            StructField field = data.schema().fields()[i];
            CanonicalTensor tensor = marked.get(field.name());
            fields.add(tensor == null ? sparkArrow.getFields().get(i) : tensor.toField(field.nullable()));
        }
        return new Prepared(data, new Schema(fields));
    }

    /** The tensor type of a column that is written as a tensor, or null. */
    private static TensorColumnType tensorType(StructField field) {
        TensorColumnType type;
        try {
            type = TensorColumnType.of(field.dataType(), field.metadata());
        } catch (EinopsException e) {
            return null;
        }
        boolean described = field.metadata().contains(TensorColumnType.SHAPE_KEY)
                || field.metadata().contains(TensorColumnType.DIM_NAMES_KEY);
        if (type.encoding() == TensorEncoding.NESTED && type.rank() == 0) {
            return null;   // a plain number
        }
        return type.encoding() != TensorEncoding.FLAT || described ? type : null;
    }

    /**
     * Each tensor column's row shape: a length where every non-null row has the same, -1 elsewhere;
     * from the metadata where it records every length, else from one pass over the rows' shapes (two
     * for a struct whose rank only the rows tell). Columns of unknown rank and no rows are left out.
     */
    private static Map<String, long[]> rowShapes(Dataset<Row> df, Map<String, TensorColumnType> tensors) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, Integer> ranks = new LinkedHashMap<>();
        List<String> unknownRank = new ArrayList<>();
        tensors.forEach((name, type) -> {
            if (type.fullyKnown()) {
                shapes.put(name, type.shape());
            } else if (type.rank() >= 0) {
                ranks.put(name, type.rank());
            } else {
                unknownRank.add(name);
            }
        });
        if (!unknownRank.isEmpty()) {
            List<Column> aggregates = new ArrayList<>();
            for (String name : unknownRank) {
                Column rank = size(EinopsColumns.shape(df.col(quoted(name))));
                aggregates.add(min(rank));
                aggregates.add(max(rank));
            }
            Row r = df.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
            for (int i = 0; i < unknownRank.size(); i++) {
                if (r.isNullAt(2 * i)) {
                    LOG.warn("column '{}' is a tensor struct of unknown rank with no tensors; it is written as a plain "
                            + "struct", unknownRank.get(i));
                } else if (r.getInt(2 * i) != r.getInt(2 * i + 1)) {
                    throw new EinopsException("column '" + unknownRank.get(i) + "' holds tensors of ranks "
                            + r.getInt(2 * i) + " to " + r.getInt(2 * i + 1) + "; Arrow's variable-shape tensor has "
                            + "one rank, so the column cannot be written as a tensor");
                } else {
                    ranks.put(unknownRank.get(i), r.getInt(2 * i));
                }
            }
        }
        if (ranks.isEmpty()) {
            return shapes;
        }
        List<Column> aggregates = new ArrayList<>();
        ranks.forEach((name, rank) -> {
            Column shape = EinopsColumns.shape(df.col(quoted(name)));
            for (int d = 1; d <= rank; d++) {
                aggregates.add(min(element_at(shape, d)));
                aggregates.add(max(element_at(shape, d)));
            }
        });
        Row r = df.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
        int at = 0;
        for (Map.Entry<String, Integer> e : ranks.entrySet()) {
            long[] declared = tensors.get(e.getKey()).shape();
            long[] shape = new long[e.getValue()];
            for (int d = 0; d < shape.length; d++, at += 2) {
                boolean uniform = !r.isNullAt(at) && r.getInt(at) == r.getInt(at + 1);
                shape[d] = declared != null && declared[d] >= 0 ? declared[d] : uniform ? r.getInt(at) : -1;
            }
            shapes.put(e.getKey(), shape);
        }
        return shapes;
    }

    /** A fixed-shape column: the flat array of each row's elements, with the shape in its metadata. */
    private static Column fixedStorage(Dataset<Row> df, StructField field, TensorColumnType type, long[] shape) {
        Column column = df.col(quoted(field.name()));
        Column flat = type.encoding() == TensorEncoding.FLAT ? column
                : EinopsColumns.transform(column, new ConvertStep(TensorEncoding.FLAT));
        return flat.as(field.name(), written(field, shape, type, type.encoding() != TensorEncoding.FLAT
                || !allNullable(field.dataType())));
    }

    /** A variable-shape column: Arrow's {@code struct<data, shape: array<int>>}, null where the tensor is. */
    private static Column variableStorage(Dataset<Row> df, StructField field, TensorColumnType type, long[] shape) {
        Column column = df.col(quoted(field.name()));
        boolean arrowLayout = type.encoding() == TensorEncoding.STRUCT
                && type.structLayout().dataOrdinal() == 0 && type.structLayout().shapeWidth() == 4;
        Column struct = type.encoding() == TensorEncoding.STRUCT ? column
                : EinopsColumns.transform(column, new ConvertStep(TensorEncoding.STRUCT));
        Column stored = when(column.isNotNull(), struct(struct.getField(TensorColumnType.DATA_FIELD)
                        .as(TensorColumnType.DATA_FIELD),
                struct.getField(TensorColumnType.SHAPE_FIELD).cast(DataTypes.createArrayType(DataTypes.IntegerType, false))
                        .as(TensorColumnType.SHAPE_FIELD)));
        return stored.as(field.name(), written(field, shape, type, !arrowLayout || !allNullable(field.dataType())));
    }

    /** A written tensor column's metadata: the shape it is stored with, and what restores it when read. */
    private static Metadata written(StructField field, long[] shape, TensorColumnType type, boolean converted) {
        MetadataBuilder metadata = new MetadataBuilder().withMetadata(field.metadata())
                .withMetadata(typeMetadata(shape, type.dimNames())).putMetadata(ORIGINAL_KEY, field.metadata());
        if (converted) {
            metadata.putString(ENCODING_KEY, type.encoding().name());
        }
        return metadata.build();
    }

    /**
     * Whether every array and field in {@code type} may hold nulls, as Spark reads any file back: a
     * column that may not is converted when read (the conversion writes arrays without nulls).
     */
    private static boolean allNullable(org.apache.spark.sql.types.DataType type) {
        if (type instanceof org.apache.spark.sql.types.ArrayType array) {
            return array.containsNull() && allNullable(array.elementType());
        }
        if (type instanceof org.apache.spark.sql.types.StructType struct) {
            return Arrays.stream(struct.fields()).allMatch(f -> f.nullable() && allNullable(f.dataType()));
        }
        return true;
    }

    private static Metadata typeMetadata(long[] shape, List<String> dimNames) {
        MetadataBuilder builder = new MetadataBuilder().putLongArray(TensorColumnType.SHAPE_KEY, shape);
        if (!dimNames.isEmpty()) {
            builder.putStringArray(TensorColumnType.DIM_NAMES_KEY, dimNames.toArray(String[]::new));
        }
        return builder.build();
    }

    private static Metadata merged(Metadata base, Metadata added) {
        return new MetadataBuilder().withMetadata(base).withMetadata(added).build();
    }

    static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
