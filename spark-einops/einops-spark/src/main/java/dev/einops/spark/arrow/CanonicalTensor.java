package dev.einops.spark.arrow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * One of Arrow's canonical tensor extension types on a field: {@code arrow.fixed_shape_tensor}
 * (storage {@code FixedSizeList<T>[product of shape]}, every row of {@code shape}) or
 * {@code arrow.variable_shape_tensor} (storage {@code Struct{data: List<T>, shape:
 * FixedSizeList<int32>[rank]}}), with the axes' names and the permutation from physical to logical
 * layout where the metadata gives them. Shapes and names here are the <em>physical</em> ones, as
 * stored; {@link #logicalShape()} and {@link #logicalDimNames()} apply the permutation. Immutable.
 *
 * <p>A field from a footer marked {@code {"shape":[2,3,4],"dim_names":["c","h","w"],
 * "permutation":[2,0,1]}} has {@code shape()} [2, 3, 4], {@code logicalShape()} [4, 2, 3] and
 * {@code logicalDimNames()} [w, c, h].
 *
 * <pre>{@code
 * CanonicalTensor t = CanonicalTensor.fixed("image", ElementType.FLOAT32, new long[] {3, 32, 32}, List.of("c", "h", "w"));
 * t.toString();   // image: arrow.fixed_shape_tensor {"shape":[3,32,32],"dim_names":["c","h","w"]}
 * CanonicalTensor.of(t.toField(true)).orElseThrow().equals(t);   // true: the Arrow field carries it
 * }</pre>
 */
public final class CanonicalTensor {
    /** The extension name of Arrow's fixed-shape tensor. */
    public static final String FIXED_SHAPE = "arrow.fixed_shape_tensor";
    /** The extension name of Arrow's variable-shape tensor. */
    public static final String VARIABLE_SHAPE = "arrow.variable_shape_tensor";
    static final String EXTENSION_NAME = "ARROW:extension:name";
    static final String EXTENSION_METADATA = "ARROW:extension:metadata";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String column;
    private final boolean fixed;
    private final ElementType elementType;
    private final long[] shape;
    private final List<String> dimNames;
    private final int[] permutation;

    private CanonicalTensor(String column, boolean fixed, ElementType elementType, long[] shape, List<String> dimNames,
                            int[] permutation) {
        this.column = column;
        this.fixed = fixed;
        this.elementType = elementType;
        this.shape = shape.clone();
        this.dimNames = List.copyOf(dimNames);
        this.permutation = permutation == null ? null : permutation.clone();
        if (!dimNames.isEmpty() && dimNames.size() != shape.length) {
            throw error("its dim_names " + dimNames + " do not name its " + shape.length + " axes");
        }
        if (permutation != null) {
            boolean[] seen = new boolean[shape.length];
            boolean valid = permutation.length == shape.length;
            for (int p : permutation) {
                valid &= p >= 0 && p < shape.length && !seen[p];
                seen[valid ? p : 0] = true;
            }
            if (!valid) {
                throw error("its permutation " + Arrays.toString(permutation) + " is no permutation of its "
                        + shape.length + " axes");
            }
        }
    }

    /**
     * A fixed-shape tensor type, for writing: every row has {@code shape}; no permutation.
     *
     * @param dimNames the axes' names, or empty
     */
    public static CanonicalTensor fixed(String column, ElementType elementType, long[] shape, List<String> dimNames) {
        return new CanonicalTensor(column, true, elementType, shape, dimNames, null);
    }

    /**
     * A variable-shape tensor type, for writing: rows of {@code uniformShape.length} axes, whose
     * lengths are {@code uniformShape}'s where it is not -1; no permutation.
     */
    public static CanonicalTensor variable(String column, ElementType elementType, long[] uniformShape,
                                           List<String> dimNames) {
        return new CanonicalTensor(column, false, elementType, uniformShape, dimNames, null);
    }

    /**
     * The canonical tensor type {@code field} carries, if any; empty for a field of another or no
     * extension type.
     *
     * @throws EinopsException if the field names a tensor type but its metadata or storage
     *                         contradicts it, or its elements are of a type tensor columns cannot hold
     */
    public static java.util.Optional<CanonicalTensor> of(Field field) {
        Map<String, String> metadata = field.getMetadata() == null ? Map.of() : field.getMetadata();
        String name = metadata.get(EXTENSION_NAME);
        if (!FIXED_SHAPE.equals(name) && !VARIABLE_SHAPE.equals(name)) {
            return java.util.Optional.empty();
        }
        String column = field.getName();
        JsonNode json = parse(column, name, metadata.getOrDefault(EXTENSION_METADATA, ""));
        List<String> dimNames = strings(column, json, "dim_names");
        int[] permutation = json.has("permutation") ? ints(column, json.get("permutation"), "permutation") : null;
        if (FIXED_SHAPE.equals(name)) {
            if (!(field.getType() instanceof ArrowType.FixedSizeList list) || field.getChildren().size() != 1) {
                throw storageError(column, name, field);
            }
            if (!json.has("shape")) {
                throw new EinopsException("column '" + column + "': its " + name + " metadata has no shape");
            }
            long[] shape = Arrays.stream(ints(column, json.get("shape"), "shape")).asLongStream().toArray();
            long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            if (size != list.getListSize() || Arrays.stream(shape).anyMatch(d -> d < 0)) {
                throw new EinopsException("column '" + column + "': its " + name + " metadata gives the shape "
                        + Arrays.toString(shape) + " (" + size + " elements) but its storage holds lists of "
                        + list.getListSize());
            }
            return java.util.Optional.of(new CanonicalTensor(column, true, elementType(column, field.getChildren().get(0)),
                    shape, dimNames, permutation));
        }
        Field data = child(field, "data");
        Field shapeField = child(field, "shape");
        if (!(field.getType() instanceof ArrowType.Struct) || data == null || shapeField == null
                || !(data.getType() instanceof ArrowType.List || data.getType() instanceof ArrowType.LargeList)
                || !(shapeField.getType() instanceof ArrowType.FixedSizeList ranks)) {
            throw storageError(column, name, field);
        }
        long[] uniform = new long[ranks.getListSize()];
        Arrays.fill(uniform, -1);
        if (json.has("uniform_shape")) {
            JsonNode u = json.get("uniform_shape");
            if (!u.isArray() || u.size() != uniform.length) {
                throw new EinopsException("column '" + column + "': its uniform_shape " + u + " does not have its "
                        + uniform.length + " axes");
            }
            for (int i = 0; i < uniform.length; i++) {
                if (!u.get(i).isNull()) {
                    uniform[i] = ints(column, JSON.createArrayNode().add(u.get(i)), "uniform_shape")[0];
                }
            }
        }
        return java.util.Optional.of(new CanonicalTensor(column, false, elementType(column, data.getChildren().get(0)),
                uniform, dimNames, permutation));
    }

    /** The Arrow field of this type on the column {@code column}, for a schema that tools read back. */
    public Field toField(boolean nullable) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(EXTENSION_NAME, fixed ? FIXED_SHAPE : VARIABLE_SHAPE);
        metadata.put(EXTENSION_METADATA, metadataJson());
        Field element = new Field("item", FieldType.notNullable(arrowType(elementType)), null);
        if (fixed) {
            long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            return new Field(column, new FieldType(nullable, new ArrowType.FixedSizeList(Math.toIntExact(size)), null,
                    metadata), List.of(element));
        }
        Field data = new Field("data", FieldType.notNullable(ArrowType.List.INSTANCE), List.of(element));
        Field shapeField = new Field("shape", FieldType.notNullable(new ArrowType.FixedSizeList(shape.length)),
                List.of(new Field("item", FieldType.notNullable(new ArrowType.Int(32, true)), null)));
        return new Field(column, new FieldType(nullable, ArrowType.Struct.INSTANCE, null, metadata),
                List.of(data, shapeField));
    }

    /** The extension metadata JSON: {@code {"shape":[2,3],"dim_names":["h","w"]}}. */
    String metadataJson() {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode lengths = fixed ? node.putArray("shape") : node.putArray("uniform_shape");
        for (long d : shape) {
            if (d < 0) {
                lengths.addNull();
            } else {
                lengths.add(d);
            }
        }
        if (!fixed && Arrays.stream(shape).allMatch(d -> d < 0)) {
            node.remove("uniform_shape");
        }
        if (!dimNames.isEmpty()) {
            ArrayNode names = node.putArray("dim_names");
            dimNames.forEach(names::add);
        }
        if (permutation != null) {
            ArrayNode p = node.putArray("permutation");
            Arrays.stream(permutation).forEach(p::add);
        }
        return node.toString();
    }

    /** The column this type is on. */
    public String column() {
        return column;
    }

    /** Whether this is {@code arrow.fixed_shape_tensor} (rather than the variable-shape one). */
    public boolean fixed() {
        return fixed;
    }

    public ElementType elementType() {
        return elementType;
    }

    /** The physical shape: every row's (fixed), or the uniform lengths, -1 where rows differ (variable). */
    public long[] shape() {
        return shape.clone();
    }

    /** The physical axes' names, or empty. */
    public List<String> dimNames() {
        return dimNames;
    }

    /** Whether the logical layout differs from the physical one. */
    public boolean permuted() {
        if (permutation == null) {
            return false;
        }
        for (int i = 0; i < permutation.length; i++) {
            if (permutation[i] != i) {
                return true;
            }
        }
        return false;
    }

    /** The permutation (logical axis i is physical axis {@code permutation[i]}), identity if none. */
    public int[] permutation() {
        return permutation == null ? java.util.stream.IntStream.range(0, shape.length).toArray() : permutation.clone();
    }

    /** The logical shape: the physical shape permuted. */
    public long[] logicalShape() {
        int[] p = permutation();
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = shape[p[i]];
        }
        return out;
    }

    /** The logical axes' names: the physical ones permuted, or empty. */
    public List<String> logicalDimNames() {
        if (dimNames.isEmpty()) {
            return dimNames;
        }
        List<String> out = new ArrayList<>();
        for (int p : permutation()) {
            out.add(dimNames.get(p));
        }
        return List.copyOf(out);
    }

    /**
     * The einops pattern that turns one row's physical tensor into its logical one:
     * {@code a0 a1 a2 -> a2 a0 a1} for the permutation {@code [2, 0, 1]}.
     */
    public String logicalPattern() {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            in.add("a" + i);
        }
        List<String> out = new ArrayList<>();
        for (int p : permutation()) {
            out.add("a" + p);
        }
        return String.join(" ", in) + " -> " + String.join(" ", out);
    }

    private EinopsException error(String reason) {
        return new EinopsException("column '" + column + "': " + reason);
    }

    private static EinopsException storageError(String column, String name, Field field) {
        return new EinopsException("column '" + column + "' is marked " + name + " but its storage is " + field
                + "; the type's storage is " + (FIXED_SHAPE.equals(name) ? "FixedSizeList<T>[product of shape]"
                : "Struct{data: List<T>, shape: FixedSizeList<int32>[rank]}"));
    }

    private static Field child(Field field, String name) {
        return field.getChildren().stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
    }

    private static JsonNode parse(String column, String name, String text) {
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new EinopsException("column '" + column + "': its " + name + " metadata " + text
                        + " is not a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new EinopsException("column '" + column + "': its " + name + " metadata is not JSON: " + text, e);
        }
    }

    private static int[] ints(String column, JsonNode node, String key) {
        if (node == null || !node.isArray()) {
            throw new EinopsException("column '" + column + "': its " + key + " " + node + " is not an array of integers");
        }
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).canConvertToInt() || !node.get(i).isIntegralNumber()) {
                throw new EinopsException("column '" + column + "': its " + key + " " + node
                        + " is not an array of integers");
            }
            out[i] = node.get(i).intValue();
        }
        return out;
    }

    private static List<String> strings(String column, JsonNode json, String key) {
        if (!json.has(key) || json.get(key).isNull()) {
            return List.of();
        }
        JsonNode node = json.get(key);
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.isTextual() ? n.textValue() : null));
        }
        if (!node.isArray() || out.contains(null)) {
            throw new EinopsException("column '" + column + "': its " + key + " " + node + " is not an array of strings");
        }
        return out;
    }

    private static ElementType elementType(String column, Field element) {
        ArrowType t = element.getType();
        ElementType e = null;
        if (t instanceof ArrowType.FloatingPoint f) {
            e = f.getPrecision() == FloatingPointPrecision.SINGLE ? ElementType.FLOAT32
                    : f.getPrecision() == FloatingPointPrecision.DOUBLE ? ElementType.FLOAT64 : null;
        } else if (t instanceof ArrowType.Int i && i.getIsSigned()) {
            e = i.getBitWidth() == 32 ? ElementType.INT32 : i.getBitWidth() == 64 ? ElementType.INT64 : null;
        } else if (t instanceof ArrowType.Bool) {
            e = ElementType.BOOL;
        }
        if (e == null) {
            throw new UnsupportedElements("column '" + column + "' holds tensors of " + t
                    + " elements; tensor columns hold float32, float64, int32, int64 or bool");
        }
        return e;
    }

    private static ArrowType arrowType(ElementType e) {
        return switch (e) {
            case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case BOOL -> ArrowType.Bool.INSTANCE;
            default -> throw new EinopsException("a tensor column cannot hold " + e.label() + " elements");
        };
    }

    /** A canonical tensor whose elements tensor columns cannot hold: read as the plain column it is stored as. */
    static final class UnsupportedElements extends EinopsException {
        private static final long serialVersionUID = 1L;

        UnsupportedElements(String reason) {
            super(reason);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanonicalTensor t && column.equals(t.column) && fixed == t.fixed
                && elementType == t.elementType && Arrays.equals(shape, t.shape) && dimNames.equals(t.dimNames)
                && Arrays.equals(permutation, t.permutation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, fixed, elementType, Arrays.hashCode(shape), dimNames);
    }

    @Override
    public String toString() {
        return column + ": " + (fixed ? FIXED_SHAPE : VARIABLE_SHAPE) + " " + metadataJson();
    }
}
