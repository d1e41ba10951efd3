package dev.einops.spark.tensor;

import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What analysis knows of a tensor column: its encoding, its element type, where every row has the
 * same, its shape and, where the column's metadata gives them, the names of its axes
 * ({@code dim_names}, as Arrow's canonical tensor types carry them). The shape is {@code null} when
 * even the rank is unknown (a tensor struct without metadata); a length is {@value #UNKNOWN} when it
 * may differ between rows. Immutable.
 *
 * <pre>{@code
 * DataType nested = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType));
 * TensorColumnType t = TensorColumnType.of(nested, Metadata.empty());
 * t.encoding();   // NESTED
 * t.rank();       // 2
 * t.shape();      // [-1, -1]: the type gives the rank, not the lengths
 * }</pre>
 */
public final class TensorColumnType implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** A length that is not the same on every row, or not known before the data is read. */
    public static final long UNKNOWN = -1;
    /** The column-metadata key holding the shape of every row's tensor ({@code long[]}, -1 if unknown). */
    public static final String SHAPE_KEY = "einops.shape";
    /** The column-metadata key holding the names of the tensors' axes ({@code String[]}, one per axis). */
    public static final String DIM_NAMES_KEY = "einops.dim_names";
    /** Field names of the tensor struct; they are the contract with every reader of the data. */
    public static final String SHAPE_FIELD = "shape";
    public static final String DATA_FIELD = "data";

    private final TensorEncoding encoding;
    private final ElementType elementType;
    private final long[] shape;
    private final List<String> dimNames;
    private final StructLayout structLayout;

    private TensorColumnType(TensorEncoding encoding, ElementType elementType, long[] shape, List<String> dimNames,
                             StructLayout structLayout) {
        this.encoding = Objects.requireNonNull(encoding);
        this.elementType = Objects.requireNonNull(elementType);
        this.shape = shape == null ? null : shape.clone();
        this.dimNames = List.copyOf(dimNames);
        this.structLayout = structLayout;
        if (!dimNames.isEmpty() && (shape == null || shape.length != dimNames.size())) {
            throw new EinopsException("the column's metadata names the axes " + dimNames + " but its tensors have "
                    + (shape == null ? "an unknown rank" : "rank " + shape.length));
        }
        if (!dimNames.isEmpty() && new HashSet<>(dimNames).size() != dimNames.size()) {
            throw new EinopsException("the column's metadata names the axes " + dimNames + ", a name twice");
        }
    }

    private TensorColumnType(TensorEncoding encoding, ElementType elementType, long[] shape) {
        this(encoding, elementType, shape, List.of(), encoding == TensorEncoding.STRUCT ? StructLayout.CANONICAL : null);
    }

    /**
     * Where a tensor struct keeps its fields: {@code struct<shape, data>} or Arrow's
     * {@code struct<data, shape>}, its shape an array of any integer type.
     *
     * @param shapeOrdinal the shape field's position
     * @param dataOrdinal  the data field's position
     * @param shapeWidth   the bytes of one length: 1, 2, 4 (int, the canonical) or 8
     */
    public record StructLayout(int shapeOrdinal, int dataOrdinal, int shapeWidth) implements java.io.Serializable {
        /** {@code struct<shape: array<int>, data: array<T>>}, what einops writes. */
        public static final StructLayout CANONICAL = new StructLayout(0, 1, 4);
    }

    /** A column type; {@code shape} null when the rank is unknown. */
    public static TensorColumnType of(TensorEncoding encoding, ElementType elementType, long[] shape) {
        if (encoding == TensorEncoding.VECTOR && (elementType != ElementType.FLOAT64 || (shape != null && shape.length != 1))) {
            throw new EinopsException("a Vector column holds one axis of doubles, not " + describe(elementType, shape));
        }
        if (encoding == TensorEncoding.NESTED && shape == null) {
            throw new EinopsException("a nested-array column always has a known rank");
        }
        return new TensorColumnType(encoding, elementType, shape);
    }

    /**
     * The tensor type of a column of Spark type {@code type}, with the shape its metadata records.
     *
     * @throws EinopsException if the type is no tensor encoding, or the metadata contradicts it
     */
    public static TensorColumnType of(DataType type, Metadata metadata) {
        long[] recorded = metadata != null && metadata.contains(SHAPE_KEY) ? metadata.getLongArray(SHAPE_KEY) : null;
        List<String> names = metadata != null && metadata.contains(DIM_NAMES_KEY)
                ? List.of(metadata.getStringArray(DIM_NAMES_KEY)) : List.of();
        return of(type, recorded).withDimNames(names);
    }

    private static TensorColumnType of(DataType type, long[] recorded) {
        if (type instanceof VectorUDT) {
            return new TensorColumnType(TensorEncoding.VECTOR, ElementType.FLOAT64,
                    recorded != null && recorded.length == 1 ? recorded : new long[] {UNKNOWN});
        }
        if (type instanceof StructType struct) {
            StructLayout layout = structLayout(struct);
            ElementType element = SparkElementTypes.of(((ArrayType) struct.fields()[layout.dataOrdinal()].dataType())
                    .elementType());
            return new TensorColumnType(TensorEncoding.STRUCT, element, recorded, List.of(), layout);
        }
        int depth = 0;
        DataType element = type;
        while (element instanceof ArrayType array) {
            element = array.elementType();
            depth++;
        }
        if (!SparkElementTypes.isTensorElement(element)) {
            throw notATensor(type);
        }
        ElementType elementType = SparkElementTypes.of(element);
        if (depth == 1) {
            return new TensorColumnType(TensorEncoding.FLAT, elementType, recorded != null ? recorded : new long[] {UNKNOWN});
        }
        long[] shape = new long[depth];
        Arrays.fill(shape, UNKNOWN);
        if (recorded != null && recorded.length == depth) {
            shape = recorded;
        }
        return new TensorColumnType(TensorEncoding.NESTED, elementType, shape);
    }

    /** The tensor struct's fields, found by name: {@code shape} (any integer array) and {@code data}, in either order. */
    private static StructLayout structLayout(StructType struct) {
        StructField[] fields = struct.fields();
        int shapeAt = Arrays.asList(struct.fieldNames()).indexOf(SHAPE_FIELD);
        int dataAt = Arrays.asList(struct.fieldNames()).indexOf(DATA_FIELD);
        if (fields.length != 2 || shapeAt < 0 || dataAt < 0
                || !(fields[shapeAt].dataType() instanceof ArrayType shape)
                || !(fields[dataAt].dataType() instanceof ArrayType data)
                || !SparkElementTypes.isTensorElement(data.elementType())) {
            throw notATensor(struct);
        }
        DataType length = shape.elementType();
        int width = length.equals(DataTypes.IntegerType) ? 4 : length.equals(DataTypes.LongType) ? 8
                : length.equals(DataTypes.ShortType) ? 2 : length.equals(DataTypes.ByteType) ? 1 : 0;
        if (width == 0) {
            throw notATensor(struct);
        }
        return new StructLayout(shapeAt, dataAt, width);
    }

    private static EinopsException notATensor(DataType type) {
        return new EinopsException("a column of type " + type.simpleString() + " holds no tensors; tensor columns are "
                + "nested arrays (array<array<float>>), the struct<shape: array<int>, data: array<T>> (fields in either "
                + "order, the shape any integer array), a flat array<T> or a Spark ML Vector, with elements float, double, int, bigint or boolean");
    }

    /** The Spark SQL type of a column of this tensor type (containing no nulls). */
    public DataType sparkType() {
        return switch (encoding) {
            case NESTED -> {
                DataType t = SparkElementTypes.sparkType(elementType);
                for (int i = 0; i < shape.length; i++) {
                    t = DataTypes.createArrayType(t, false);
                }
                yield t;
            }
            case FLAT -> DataTypes.createArrayType(SparkElementTypes.sparkType(elementType), false);
            case STRUCT -> structType(elementType);
            case VECTOR -> SQLDataTypes.VectorType();
        };
    }

    /** The tensor struct type {@code struct<shape: array<int>, data: array<T>>}. */
    public static StructType structType(ElementType elementType) {
        return new StructType(new StructField[] {
                new StructField(SHAPE_FIELD, DataTypes.createArrayType(DataTypes.IntegerType, false), false, Metadata.empty()),
                new StructField(DATA_FIELD, DataTypes.createArrayType(SparkElementTypes.sparkType(elementType), false), false, Metadata.empty())
        });
    }

    /** Column metadata recording the shape, when the rank is known, and the axes' names, when known; otherwise empty. */
    public Metadata metadata() {
        MetadataBuilder builder = new MetadataBuilder();
        if (shape != null) {
            builder.putLongArray(SHAPE_KEY, shape.clone());
        }
        if (!dimNames.isEmpty()) {
            builder.putStringArray(DIM_NAMES_KEY, dimNames.toArray(String[]::new));
        }
        return builder.build();
    }

    /** The names of the axes, one per axis, or an empty list when the column does not name them. */
    public List<String> dimNames() {
        return dimNames;
    }

    /**
     * This type with its axes named {@code names} (empty: unnamed).
     *
     * @throws EinopsException if the names do not match the rank, or repeat
     */
    public TensorColumnType withDimNames(List<String> names) {
        return new TensorColumnType(encoding, elementType, shape, names, structLayout);
    }

    /** Where a tensor struct column keeps its fields; null for other encodings. */
    public StructLayout structLayout() {
        return structLayout;
    }

    public TensorEncoding encoding() {
        return encoding;
    }

    public ElementType elementType() {
        return elementType;
    }

    /** The shape of every row's tensor (-1 where rows differ or it is unknown), or null if the rank is unknown. */
    public long[] shape() {
        return shape == null ? null : shape.clone();
    }

    /** The rank, or -1 when unknown. */
    public int rank() {
        return shape == null ? -1 : shape.length;
    }

    /**
     * The shape of a row read as one axis (a flat array split by the pattern): its number of
     * elements where every length is known, else unknown.
     */
    public long[] asOneAxis() {
        if (!fullyKnown()) {
            return new long[] {UNKNOWN};
        }
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return new long[] {n};
    }

    /** Whether every length of every row is known. */
    public boolean fullyKnown() {
        return shape != null && Arrays.stream(shape).allMatch(d -> d >= 0);
    }

    /** This type with another element type and shape, in the same encoding. */
    public TensorColumnType with(ElementType newElementType, long[] newShape) {
        return of(encoding, newElementType, newShape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorColumnType t && encoding == t.encoding && elementType == t.elementType
                && Arrays.equals(shape, t.shape) && dimNames.equals(t.dimNames)
                && Objects.equals(structLayout, t.structLayout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoding, elementType, Arrays.hashCode(shape), dimNames, structLayout);
    }

    @Override
    public String toString() {
        return encoding.name().toLowerCase(java.util.Locale.ROOT) + " " + describe(elementType, shape)
                + (dimNames.isEmpty() ? "" : " named " + String.join(" ", dimNames));
    }

    private static String describe(ElementType elementType, long[] shape) {
        return elementType.name().toLowerCase(java.util.Locale.ROOT) + " tensors of shape "
                + (shape == null ? "unknown" : ShapeText.of(shape));
    }
}
