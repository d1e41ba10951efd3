package dev.einops.spark.arrow;

import dev.einops.types.EinopsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Arrow IPC files ({@code .arrow}, Feather v2) with Arrow's canonical tensor columns, read and
 * written on the driver: the whole file passes through the driver's memory, so this is for files of
 * a size {@code collect} would take. Tensor columns become and come from the same Spark columns as
 * in Parquet ({@link TensorFiles}); other columns may be numbers, booleans, strings and lists of
 * them.
 *
 * <pre>{@code
 * Dataset<Row> df = ArrowIpcFiles.read(spark, path);      // image: shape [2, 3, 4], c h w
 * ArrowIpcFiles.write(df, out, SaveMode.Overwrite);       // pyarrow.feather.read_table reads it
 * }</pre>
 */
public final class ArrowIpcFiles {
    private static final int BATCH_ROWS = 4096;
    /**
     * The Arrow field-metadata key of a written column's Spark metadata (JSON), which Parquet keeps
     * in Spark's own footer schema and an Arrow file has no other place for.
     */
    static final String SPARK_METADATA = "einops:spark.metadata";

    private ArrowIpcFiles() {
    }

    /** Whether {@code path} names an Arrow IPC file: {@code .arrow}, {@code .feather} or {@code .ipc}. */
    public static boolean isArrowFile(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".arrow") || p.endsWith(".feather") || p.endsWith(".ipc");
    }

    /**
     * Refuses, before reading, a file the driver cannot hold: its bytes and the rows made from them
     * take about three times its size, so a file may take at most a quarter of the driver's heap (and
     * no more than one Java array holds). Larger files would end the driver with an OutOfMemoryError.
     */
    static void checkDriverCanHold(String path, long fileBytes, long driverHeapBytes) {
        long limit = Math.min(Integer.MAX_VALUE - 8L, driverHeapBytes / 4);
        if (fileBytes > limit) {
            throw new EinopsException("the Arrow file " + path + " holds " + fileBytes + " bytes, more than the "
                    + limit + " an Arrow file read on the driver may take (a quarter of the driver's heap, at most "
                    + "2 GiB); write it as Parquet (pyarrow.parquet.write_table) and read that with readTensors, "
                    + "which reads it on the executors");
        }
    }

    /**
     * The rows of the Arrow IPC file at {@code path}, its canonical tensor columns recognised.
     *
     * @throws EinopsException if a column's type is not supported, its tensor type contradicts its storage,
     *     or the file is too large to read on the driver ({@link #checkDriverCanHold})
     */
    public static Dataset<Row> read(SparkSession spark, String path) {
        byte[] bytes;
        Path file = new Path(path);
        try {
            org.apache.hadoop.fs.FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            checkDriverCanHold(path, fs.getFileStatus(file).getLen(), Runtime.getRuntime().maxMemory());
            try (InputStream in = fs.open(file)) {
                bytes = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Arrow file " + path, e);
        }
        try (BufferAllocator allocator = new RootAllocator();
             ArrowFileReader reader = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(bytes), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<Field> fields = root.getSchema().getFields();
            StructType schema = new StructType(fields.stream().map(f -> sparkField(f, path)).toArray(StructField[]::new));
            List<Row> rows = new ArrayList<>();
            while (reader.loadNextBatch()) {
                for (int r = 0; r < root.getRowCount(); r++) {
                    Object[] values = new Object[fields.size()];
                    for (int c = 0; c < values.length; c++) {
                        values[c] = value(root.getVector(c), r, schema.fields()[c].dataType());
                    }
                    rows.add(RowFactory.create(values));
                }
            }
            return TensorFiles.withTensors(spark.createDataFrame(rows, schema), fields, path);
        } catch (IOException e) {
            throw new EinopsException("the file " + path + " is no Arrow IPC file: " + e.getMessage(), e);
        }
    }

    /** The Spark field of an Arrow field: a canonical tensor's storage as {@link TensorFiles} reads it. */
    private static StructField sparkField(Field field, String path) {
        String metadata = field.getMetadata() == null ? null : field.getMetadata().get(SPARK_METADATA);
        return new StructField(field.getName(), sparkType(field, path), field.isNullable(),
                metadata == null ? Metadata.empty() : Metadata.fromJson(metadata));
    }

    private static DataType sparkType(Field field, String path) {
        ArrowType t = field.getType();
        if (t instanceof ArrowType.FixedSizeList || t instanceof ArrowType.List) {
            Field element = field.getChildren().get(0);
            return DataTypes.createArrayType(sparkType(element, path), element.isNullable());
        }
        if (t instanceof ArrowType.Struct) {
            return new StructType(field.getChildren().stream().map(c -> sparkField(c, path))
                    .toArray(StructField[]::new));
        }
        if (t instanceof ArrowType.Utf8) {
            return DataTypes.StringType;
        }
        if (t instanceof ArrowType.Int i && i.getIsSigned()) {
            switch (i.getBitWidth()) {
                case 8: return DataTypes.ByteType;
                case 16: return DataTypes.ShortType;
                case 32: return DataTypes.IntegerType;
                case 64: return DataTypes.LongType;
                default: break;
            }
        }
        if (t instanceof ArrowType.FloatingPoint f && f.getPrecision() != org.apache.arrow.vector.types
                .FloatingPointPrecision.HALF) {
            return f.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE
                    ? DataTypes.FloatType : DataTypes.DoubleType;
        }
        if (t instanceof ArrowType.Bool) {
            return DataTypes.BooleanType;
        }
        throw new EinopsException("column '" + field.getName() + "' of " + path + " is of Arrow type " + t
                + "; Arrow IPC files are read with numbers, booleans, strings, lists, structs and tensor columns");
    }

    /** Row {@code r} of {@code vector} as a Spark Row's value of {@code type}. */
    private static Object value(FieldVector vector, int r, DataType type) {
        if (vector.isNull(r)) {
            return null;
        }
        if (vector instanceof StructVector struct) {
            StructType fields = (StructType) type;
            Object[] values = new Object[fields.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = value((FieldVector) struct.getChildByOrdinal(c), r, fields.fields()[c].dataType());
            }
            return RowFactory.create(values);
        }
        if (vector instanceof FixedSizeListVector || vector instanceof ListVector) {
            FieldVector child = vector instanceof FixedSizeListVector f ? (FieldVector) f.getDataVector()
                    : (FieldVector) ((ListVector) vector).getDataVector();
            int start = vector instanceof FixedSizeListVector f ? r * f.getListSize()
                    : ((ListVector) vector).getElementStartIndex(r);
            int end = vector instanceof FixedSizeListVector f ? start + f.getListSize()
                    : ((ListVector) vector).getElementEndIndex(r);
            DataType element = ((org.apache.spark.sql.types.ArrayType) type).elementType();
            List<Object> values = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                values.add(value(child, i, element));
            }
            return values;
        }
        Object v = vector.getObject(r);
        return type.equals(DataTypes.StringType) ? v.toString() : v;
    }

    /**
     * Writes {@code df} as one Arrow IPC file, its tensor columns marked with Arrow's canonical tensor
     * types as {@link TensorFiles#write} marks them in Parquet.
     *
     * @throws EinopsException if the file exists and {@code mode} is {@code ErrorIfExists} or
     *                         {@code Append}, or a column's type is not supported
     */
    public static void write(Dataset<Row> df, String path, SaveMode mode) {
        Path file = new Path(path);
        try {
            FileSystem fs = file.getFileSystem(df.sparkSession().sparkContext().hadoopConfiguration());
            if (fs.exists(file)) {
                switch (mode) {
                    case Ignore: return;
                    case Overwrite: fs.delete(file, true); break;
                    default: throw new EinopsException("the Arrow file " + path + " exists (save mode " + mode
                            + "; an Arrow file is written whole, so Append is not supported)");
                }
            }
            TensorFiles.Prepared prepared = TensorFiles.prepare(df);
            try (BufferAllocator allocator = new RootAllocator();
                 VectorSchemaRoot root = VectorSchemaRoot.create(withSparkMetadata(prepared), allocator);
                 OutputStream out = fs.create(file, false);
                 ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(out))) {
                writer.start();
                Iterator<Row> rows = prepared.data().toLocalIterator();
                while (rows.hasNext()) {
                    root.allocateNew();
                    int n = 0;
                    while (n < BATCH_ROWS && rows.hasNext()) {
                        Row row = rows.next();
                        for (int c = 0; c < row.size(); c++) {
                            set(root.getVector(c), n, row.get(c));
                        }
                        n++;
                    }
                    root.setRowCount(n);
                    writer.writeBatch();
                }
                writer.end();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Arrow file " + path, e);
        }
    }

    /** The Arrow schema with each tensor column's Spark metadata in its field metadata. */
    private static Schema withSparkMetadata(TensorFiles.Prepared prepared) {
        List<Field> fields = new ArrayList<>();
        for (Field field : prepared.schema().getFields()) {
            Metadata spark = prepared.data().schema().apply(field.getName()).metadata();
            if (field.getMetadata() == null || field.getMetadata().isEmpty() || spark.equals(Metadata.empty())) {
                fields.add(field);
                continue;
            }
            Map<String, String> metadata = new HashMap<>(field.getMetadata());
            metadata.put(SPARK_METADATA, spark.json());
            fields.add(new Field(field.getName(), new FieldType(field.isNullable(), field.getType(), null, metadata),
                    field.getChildren()));
        }
        return new Schema(fields);
    }

    /** Sets entry {@code i} of {@code vector} to a Spark Row's value. */
    private static void set(FieldVector vector, int i, Object value) {
        if (value == null) {
            if (vector instanceof StructVector struct) {
                struct.setNull(i);
            } else if (vector instanceof FixedSizeListVector list) {
                list.setNull(i);
            } else if (vector instanceof ListVector list) {
                list.setNull(i);
            } else {
                setNullScalar(vector, i);
            }
            return;
        }
        if (vector instanceof StructVector struct) {
            Row row = (Row) value;
            struct.setIndexDefined(i);
            for (int c = 0; c < row.size(); c++) {
                set((FieldVector) struct.getChildByOrdinal(c), i, row.get(c));
            }
        } else if (vector instanceof FixedSizeListVector list) {
            List<?> values = elements(value);
            if (values.size() != list.getListSize()) {
                throw new EinopsException("a row of column '" + vector.getName() + "' has " + values.size()
                        + " elements where its fixed shape has " + list.getListSize());
            }
            list.setNotNull(i);
            for (int j = 0; j < values.size(); j++) {
                set((FieldVector) list.getDataVector(), i * list.getListSize() + j, values.get(j));
            }
        } else if (vector instanceof ListVector list) {
            List<?> values = elements(value);
            int start = list.startNewValue(i);
            for (int j = 0; j < values.size(); j++) {
                set((FieldVector) list.getDataVector(), start + j, values.get(j));
            }
            list.endValue(i, values.size());
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(i, (Float) value);
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(i, (Double) value);
        } else if (vector instanceof IntVector v) {
            v.setSafe(i, (Integer) value);
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(i, (Long) value);
        } else if (vector instanceof SmallIntVector v) {
            v.setSafe(i, (Short) value);
        } else if (vector instanceof TinyIntVector v) {
            v.setSafe(i, (Byte) value);
        } else if (vector instanceof BitVector v) {
            v.setSafe(i, (Boolean) value ? 1 : 0);
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(i, value.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            throw unsupported(vector);
        }
    }

    private static void setNullScalar(FieldVector vector, int i) {
        if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector v) {
            v.setNull(i);
        } else if (vector instanceof VarCharVector v) {
            v.setNull(i);
        } else {
            throw unsupported(vector);
        }
    }

    private static EinopsException unsupported(FieldVector vector) {
        return new EinopsException("column '" + vector.getName() + "' is of Arrow type " + vector.getField().getType()
                + "; Arrow IPC files are written with numbers, booleans, strings, lists, structs and tensor columns");
    }

    private static List<?> elements(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            return CollectionConverters.asJava(seq);
        }
        throw new EinopsException("an array value of type " + value.getClass().getName() + " is not supported");
    }
}
