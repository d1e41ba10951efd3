package dev.einops.spark;

import dev.einops.types.EinopsException;
import dev.einops.nd4j.Nd4jTypes;
import dev.einops.nd4j.Nd4jOffHeap;
import dev.einops.spark.memory.Slab;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.types.ElementType;
import dev.einops.spark.tensor.MalformedTensorException;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.spark.tensor.TensorReader;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moving tensors between ND4J arrays on the driver and DataFrame rows: the bodies of {@code fromArray} and {@code toArray}. */
final class DriverArrays {
    private DriverArrays() {
    }

    static Dataset<Row> fromArray(SparkSession spark, INDArray array, String column, int numPartitions,
                                  TensorEncoding encoding) {
        if (array.rank() == 0) {
            throw new EinopsException("fromArray splits an array's first axis into rows, but the array is a scalar");
        }
        ElementType type = Nd4jTypes.elementType(array.dataType());
        long[] shape = array.shape();
        long[] rowShape = Arrays.copyOfRange(shape, 1, shape.length);
        TensorColumnType columnType = TensorColumnType.of(encoding, type, rowShape);
        Object flat = values(array.dup('c'), type);
        int rows = (int) shape[0];
        int rowLength = rows == 0 ? 0 : Array.getLength(flat) / rows;
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(RowFactory.create((long) i, rowValue(encoding, flat, i * rowLength, rowLength, rowShape)));
        }
        StructType schema = new StructType(new StructField[] {
                new StructField("index", DataTypes.LongType, false, Metadata.empty()),
                new StructField(column, columnType.sparkType(), true, columnType.metadata())
        });
        if (SqlCalls.onConnect(spark)) {
            // a Connect client has no SparkContext: the rows travel in the plan, then are spread out
            return spark.createDataFrame(out, schema).repartition(Math.max(1, numPartitions));
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(context.parallelize(out, Math.max(1, numPartitions)), schema);
    }

    private static Object values(INDArray c, ElementType type) {
        if (c.isEmpty()) {
            return Array.newInstance(elementClass(type), 0);
        }
        return switch (type) {
            case FLOAT32 -> c.data().asFloat();
            case FLOAT64 -> c.data().asDouble();
            case INT32 -> c.data().asInt();
            case INT64 -> c.data().asLong();
            case BOOL -> {
                int[] bits = c.data().asInt();
                boolean[] b = new boolean[bits.length];
                for (int i = 0; i < bits.length; i++) {
                    b[i] = bits[i] != 0;
                }
                yield b;
            }
            default -> throw new IllegalStateException("not a tensor element type");
        };
    }

    private static Class<?> elementClass(ElementType type) {
        return switch (type) {
            case FLOAT32 -> float.class;
            case FLOAT64 -> double.class;
            case INT32 -> int.class;
            case INT64 -> long.class;
            case BOOL -> boolean.class;
            default -> throw new IllegalStateException("not a tensor element type");
        };
    }

    private static Object rowValue(TensorEncoding encoding, Object flat, int from, int length, long[] rowShape) {
        return switch (encoding) {
            case NESTED -> nest(flat, from, rowShape, 0);
            case FLAT -> slice(flat, from, length);
            case STRUCT -> RowFactory.create(Arrays.stream(rowShape).mapToInt(Math::toIntExact).toArray(),
                    slice(flat, from, length));
            case VECTOR -> Vectors.dense((double[]) slice(flat, from, length));
        };
    }

    private static Object slice(Object flat, int from, int length) {
        Object run = Array.newInstance(flat.getClass().getComponentType(), length);
        System.arraycopy(flat, from, run, 0, length);
        return run;
    }

    /** The nested Java arrays (or the boxed element, at rank 0) of the row starting at {@code from}. */
    private static Object nest(Object flat, int from, long[] shape, int level) {
        if (level == shape.length) {
            return Array.get(flat, from);
        }
        int n = (int) shape[level];
        if (level == shape.length - 1) {
            Object run = Array.newInstance(flat.getClass().getComponentType(), n);
            System.arraycopy(flat, from, run, 0, n);
            return run;
        }
        int stride = 1;
        for (int i = level + 1; i < shape.length; i++) {
            stride *= (int) shape[i];
        }
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = nest(flat, from + i * stride, shape, level + 1);
        }
        return out;
    }

    static INDArray toArray(Dataset<Row> df, String given, String orderBy) {
        String column = RowVerbs.columnName(df.columns(), given);
        if (SqlCalls.onConnect(df)) {
            throw SqlCalls.unsupported("toArray", "it reads the rows' tensors in Spark's internal row format, which "
                    + "only a classic session gives the driver; collect the column (df.select(column).collectAsList()) "
                    + "and build the array from the rows' nested arrays instead");
        }
        StructField field = df.schema().apply(column);
        TensorColumnType type = TensorColumnType.of(field.dataType(), field.metadata());
        Dataset<Row> sorted = df.orderBy(orderBy).select(RowVerbs.quoted(column));
        List<InternalRow> rows = ((org.apache.spark.sql.classic.Dataset<Row>) sorted).queryExecution().toRdd()
                .toJavaRDD().map(InternalRow::copy).collect();
        TensorReader reader = TensorReader.of(type, type.shape());
        long[] rowShape = rows.isEmpty() ? type.shape() : null;
        for (int i = 0; i < rows.size(); i++) {
            long[] shape = shapeOf(reader, rows.get(i), field, i, orderBy);
            if (rowShape != null && !Arrays.equals(rowShape, shape)) {
                throw new EinopsException("toArray stacks tensors of one shape, but row " + i + " has shape "
                        + Arrays.toString(shape) + " and the rows before it " + Arrays.toString(rowShape));
            }
            rowShape = shape;
        }
        if (rowShape == null || Arrays.stream(rowShape).anyMatch(d -> d < 0)) {
            throw new EinopsException("toArray of no rows needs the column's shape in its metadata, and column "
                    + column + " has " + type);
        }
        long[] shape = new long[rowShape.length + 1];
        shape[0] = rows.size();
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        long rowBytes = type.elementType().byteWidth();
        for (long d : rowShape) {
            rowBytes *= d;
        }
        INDArray out = Nd4j.create(Nd4jTypes.dataType(type.elementType()), shape, 'c');
        if (out.isEmpty()) {
            return out;
        }
        try (TaskMemory memory = TaskMemory.open("einops-toArray"); Slab slab = new Slab(memory.allocator())) {
            long base = slab.ensure(rowBytes * rows.size());
            for (int i = 0; i < rows.size(); i++) {
                try {
                    reader.copy(rows.get(i).get(0, field.dataType()), rowShape, base + i * rowBytes);
                } catch (MalformedTensorException e) {
                    throw new EinopsException("toArray cannot read row " + i + " (by " + orderBy + "): " + e.getMessage());
                }
            }
            try (Nd4jOffHeap.Region region = Nd4jOffHeap.region(base, rowBytes * rows.size())) {
                Nd4jOffHeap.copyInto(region.wrap(Nd4jTypes.dataType(type.elementType()), shape), out);
            }
        }
        return out;
    }

    private static long[] shapeOf(TensorReader reader, InternalRow row, StructField field, int i, String orderBy) {
        if (row.isNullAt(0)) {
            throw new EinopsException("toArray stacks every row's tensor, but row " + i + " (by " + orderBy + ") is null");
        }
        try {
            return reader.shape(row.get(0, field.dataType()));
        } catch (MalformedTensorException e) {
            throw new EinopsException("toArray cannot read row " + i + " (by " + orderBy + "): " + e.getMessage());
        }
    }
}
