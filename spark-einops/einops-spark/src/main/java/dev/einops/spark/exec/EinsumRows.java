package dev.einops.spark.exec;

import dev.einops.Einops;
import dev.einops.internal.recipe.PlanCache;
import dev.einops.nd4j.Nd4jOffHeap;
import dev.einops.nd4j.Nd4jTypes;
import dev.einops.spark.ErrorMode;
import dev.einops.spark.memory.Slab;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.spark.tensor.MalformedTensorException;
import dev.einops.spark.tensor.UnsafeLayout;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.spark.tensor.TensorReader;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * einsum of several tensor columns, row by row: each row's tensors contracted with a pattern that
 * describes one row's operands ({@code i j, j k -> i k}). Typed at analysis from the columns' types
 * (the pattern with a row axis added in front of every operand, lengths known only at run time left
 * open); the result is written in the first operand's encoding. Immutable and serializable.
 *
 * <pre>{@code
 * TensorColumnType matrices = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT64, new long[] {2, 2});
 * EinsumRows products = EinsumRows.of("i j, j k -> i k", List.of(matrices, matrices));
 * products.outputType();   // nested float64 tensors of shape [2, 2]
 * }</pre>
 */
public final class EinsumRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String pattern;
    private final List<TensorColumnType> inputs;
    private final TensorColumnType output;

    private EinsumRows(String pattern, List<TensorColumnType> inputs, TensorColumnType output) {
        this.pattern = pattern;
        this.inputs = List.copyOf(inputs);
        this.output = output;
    }

    /**
     * The einsum of columns of {@code inputs} with {@code pattern}, typed now.
     *
     * @throws EinopsException if the pattern does not fit the columns' ranks or types
     */
    public static EinsumRows of(String pattern, List<TensorColumnType> inputs) {
        try {
            if (inputs.isEmpty()) {
                throw new EinopsException("einsum needs at least one tensor");
            }
            List<long[]> shapes = new ArrayList<>();
            ElementType element = null;
            for (TensorColumnType input : inputs) {
                if (input.shape() == null) {
                    throw new EinopsException("einsum on a DataFrame needs each column's rank, but one column has " + input
                            + "; record its shape in the column's metadata");
                }
                long[] shape = new long[input.rank() + 1];
                shape[0] = TensorColumnType.UNKNOWN;
                System.arraycopy(input.shape(), 0, shape, 1, input.rank());
                shapes.add(shape);
                element = element == null ? input.elementType() : ElementType.promote(element, input.elementType());
            }
            long[] out = outputShape(pattern, shapes);
            long[] rowShape = Arrays.copyOfRange(out, 1, out.length);
            TensorEncoding encoding = inputs.get(0).encoding() == TensorEncoding.VECTOR && rowShape.length != 1
                    ? TensorEncoding.NESTED : inputs.get(0).encoding();
            return new EinsumRows(pattern, inputs, TensorColumnType.of(encoding, element, rowShape));
        } catch (EinopsException e) {
            throw e.withContext("einsum", pattern, inputs.toString(), Map.of());
        }
    }

    /**
     * The output shape with -1 where only the rows tell. A diagonal needs its length when the plan is
     * made, so where lengths are unknown the rank is found with stand-in lengths, and every length of
     * the output is left unknown.
     */
    private static long[] outputShape(String pattern, List<long[]> shapes) {
        String batch = blockPattern(pattern);
        try {
            return PlanCache.shared().einsum(batch, shapes).outputShape();
        } catch (EinopsException e) {
            if (shapes.stream().flatMap(s -> Arrays.stream(s).skip(1).boxed()).noneMatch(d -> d < 0)) {
                throw e;
            }
            List<long[]> standIns = new ArrayList<>();
            for (long[] s : shapes) {
                long[] t = s.clone();
                for (int i = 0; i < t.length; i++) {
                    t[i] = t[i] < 0 ? 2 : t[i];
                }
                standIns.add(t);
            }
            long[] out = PlanCache.shared().einsum(batch, standIns).outputShape();
            Arrays.fill(out, TensorColumnType.UNKNOWN);
            return out;
        }
    }

    /** The pattern with a row axis added in front of every operand and of the output. */
    static String blockPattern(String pattern) {
        String row = "rows";
        for (int i = 1; pattern.matches("(?s).*\\b" + row + "\\b.*"); i++) {
            row = "rows" + i;
        }
        String[] sides = pattern.split("->", -1);
        if (sides.length != 2) {
            return pattern;   // the engine rejects it with its own message
        }
        List<String> operands = new ArrayList<>();
        for (String operand : sides[0].split(",", -1)) {
            operands.add(row + " " + operand.trim());
        }
        return String.join(", ", operands) + " -> " + row + " " + sides[1].trim();
    }

    public TensorColumnType outputType() {
        return output;
    }

    public String pattern() {
        return pattern;
    }

    /**
     * The result for one row's tensors (null if any is null), on the heap.
     *
     * @throws EinopsException for malformed tensors in FAILFAST mode (PERMISSIVE gives null)
     */
    public Object evaluate(Object[] values, ErrorMode mode, String columns) {
        for (Object value : values) {
            if (value == null) {
                return null;
            }
        }
        try (TaskMemory memory = TaskMemory.open("einops-einsum"); Slab slab = new Slab(memory.allocator())) {
            INDArray[] operands = new INDArray[values.length];
            for (int i = 0; i < values.length; i++) {
                operands[i] = read(inputs.get(i), values[i], slab);
            }
            INDArray result = Einops.einsum(pattern, operands);
            long[] one = new long[result.rank() + 1];
            one[0] = 1;
            System.arraycopy(result.shape(), 0, one, 1, result.rank());
            UnsafeLayout image = UnsafeLayoutWriter.write(result.reshape(one), 1, output.with(output.elementType(), result.shape()),
                    slab);
            Object value = image.value(slab.address());
            return value instanceof UnsafeArrayData a ? a.copy() : value instanceof UnsafeRow r ? r.copy() : value;
        } catch (MalformedTensorException e) {
            if (mode == ErrorMode.PERMISSIVE) {
                return null;
            }
            throw new EinopsException(e.getMessage() + " (columns " + columns + ")").withContext("einsum", pattern,
                    e.shape() == null ? null : Arrays.toString(e.shape()), Map.of());
        }
    }

    /** One row's tensor as an ND4J array of its own. */
    private static INDArray read(TensorColumnType type, Object value, Slab slab) {
        TensorReader reader = TensorReader.of(type, type.shape());
        long[] shape = reader.shape(value);
        long bytes = type.elementType().byteWidth();
        for (long d : shape) {
            bytes *= d;
        }
        org.nd4j.linalg.api.buffer.DataType nd4j = Nd4jTypes.dataType(type.elementType());
        if (bytes == 0) {
            return Nd4j.create(nd4j, shape, 'c');
        }
        long address = slab.ensure(bytes);
        reader.copy(value, shape, address);
        try (Nd4jOffHeap.Region region = Nd4jOffHeap.region(address, bytes)) {
            return region.wrap(nd4j, shape).dup('c');
        }
    }
}
