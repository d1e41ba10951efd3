package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.einops.spi.HostArray;
import com.fasterxml.jackson.databind.JsonNode;
import dev.einops.types.DTypeFamily;
import dev.einops.Einops;
import dev.einops.types.EinopsException;
import dev.einops.Packed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs conformance cases through the public {@link Einops} API on one backend's tensors and
 * compares with the reference's recorded results: the outputs of accepted calls, and for rejected
 * ones the cause the reference gave ({@link RejectionCause}). A backend module supplies the
 * conversion to and from {@link HostArray}; cases are returned as JUnit dynamic tests, one per case.
 *
 * @param <T> the backend's tensor type
 */
public class ConformanceSuite<T> {
    private static final List<ConformanceCase> CORPUS = ConformanceCase.loadAll();

    /** The ops of the core engine: rearrange, reduce, repeat, parse_shape. */
    public static final Set<String> CORE_OPS = Set.of("rearrange", "reduce", "repeat", "parse_shape");
    /** Every op of the corpus. */
    public static final Set<String> ALL_OPS = Set.of("rearrange", "reduce", "repeat", "parse_shape",
            "einsum", "pack", "unpack");

    private final TensorAdapter<T> adapter;

    public ConformanceSuite(TensorAdapter<T> adapter) {
        this.adapter = adapter;
    }

    /** The whole corpus. */
    public static List<ConformanceCase> corpus() {
        return CORPUS;
    }

    /** One dynamic test per case of the corpus that {@code filter} accepts. */
    public Stream<DynamicTest> tests(Predicate<ConformanceCase> filter) {
        return CORPUS.stream().filter(filter).map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    /** Runs one case and asserts the outcome matches the reference. */
    public void check(ConformanceCase c) {
        adapter.startCase();
        List<T> inputs = new ArrayList<>();
        for (HostArray h : c.generateInputs()) {
            inputs.add(adapter.toTensor(h));
        }
        if (c.expectsError()) {
            EinopsException e = assertThrows(EinopsException.class, () -> invoke(c, inputs),
                    () -> c + " must be rejected like the reference's " + c.expect().get("exception").asText()
                            + ": " + c.expect().get("message").asText());
            assertTrue(e.hasContext(), "the exception names the call: " + e.getMessage());
            assertTrue(e.getMessage().contains(c.pattern()), "the message shows the pattern: " + e.getMessage());
            assertFalse(e.reason() == null || e.reason().isBlank(), "the message gives a reason");
            assertSameCause(c, e);
            return;
        }
        Object result = invoke(c, inputs);
        JsonNode expect = c.expect();
        if (c.op().equals("parse_shape")) {
            Map<String, Long> want = new LinkedHashMap<>();
            expect.get("dict").fields().forEachRemaining(e -> want.put(e.getKey(), e.getValue().asLong()));
            assertEquals(want, result, c::toString);
            return;
        }
        JsonNode outputs = expect.get("outputs");
        if (c.op().equals("unpack")) {
            @SuppressWarnings("unchecked")
            List<T> parts = (List<T>) result;
            assertEquals(outputs.size(), parts.size(), () -> c + ": number of outputs");
            for (int i = 0; i < parts.size(); i++) {
                compare(c, outputs.get(i), adapter.toHost(parts.get(i)));
            }
            return;
        }
        if (c.op().equals("pack")) {
            @SuppressWarnings("unchecked")
            Packed<T> packed = (Packed<T>) result;
            JsonNode ps = expect.get("ps");
            assertEquals(ps.size(), packed.packedShapes().size(), () -> c + ": number of packed shapes");
            for (int i = 0; i < ps.size(); i++) {
                assertArrayEquals(ConformanceCase.longs(ps.get(i)), packed.packedShapes().get(i), c + ": ps " + i);
            }
            compare(c, outputs.get(0), adapter.toHost(packed.tensor()));
            return;
        }
        @SuppressWarnings("unchecked")
        T tensor = (T) result;
        compare(c, outputs.get(0), adapter.toHost(tensor));
    }

    /**
     * Asserts that the rejection names the reference's cause ({@link RejectionCause}): the same
     * kind of problem and every axis, length or rank the reference's message names. The project
     * checks axis lengths for being negative before anything else, so a negative length the call
     * gives may be named instead of whatever the reference tripped over later.
     */
    public static void assertSameCause(ConformanceCase c, EinopsException e) {
        String message = c.expect().get("message").asText();
        RejectionCause want = RejectionCause.ofReference(message);
        RejectionCause got = RejectionCause.ofProject(e.reason());
        assertFalse(want.kind() == RejectionCause.Kind.UNCLASSIFIED,
                () -> c + ": no rule of RejectionCause reads the reference's message: " + message);
        boolean negativeLengthFirst = got.kind() == RejectionCause.Kind.NEGATIVE_LENGTH
                && c.axes().values().stream().anyMatch(v -> got.parts().contains("length " + v));
        assertTrue(want.isNamedBy(got) || negativeLengthFirst, () -> c + ": the reference rejects it for " + want
                + " (\"" + RejectionCause.innerMessage(message) + "\"), the project for " + got
                + " (\"" + e.reason() + "\")");
    }

    /** Calls the public API as the case describes. */
    protected Object invoke(ConformanceCase c, List<T> inputs) {
        Map<String, Long> axes = c.axes();
        return switch (c.op()) {
            case "rearrange" -> c.listInput() ? Einops.rearrange(inputs, c.pattern(), axes)
                    : Einops.rearrange(single(c, inputs), c.pattern(), axes);
            case "reduce" -> c.listInput() ? Einops.reduce(inputs, c.pattern(), c.reduction(), axes)
                    : Einops.reduce(single(c, inputs), c.pattern(), c.reduction(), axes);
            case "repeat" -> c.listInput() ? Einops.repeat(inputs, c.pattern(), axes)
                    : Einops.repeat(single(c, inputs), c.pattern(), axes);
            case "parse_shape" -> Einops.parseShape(single(c, inputs), c.pattern());
            case "einsum" -> Einops.einsum(c.pattern(), inputs);
            case "pack" -> Einops.pack(inputs, c.pattern());
            case "unpack" -> Einops.unpack(single(c, inputs), c.packedShapes(), c.pattern());
            default -> throw new IllegalArgumentException("unknown op: " + c.op());
        };
    }

    private T single(ConformanceCase c, List<T> inputs) {
        if (inputs.size() != 1) {
            fail(c + " has " + inputs.size() + " inputs but is not a list call");
        }
        return inputs.get(0);
    }

    /** Asserts shape, family, values, sum and checksum of one output, as the corpus README says. */
    public static void compare(ConformanceCase c, JsonNode want, HostArray got) {
        String what = c.toString();
        assertArrayEquals(ConformanceCase.longs(want.get("shape")), got.shape(), () -> what + ": shape");
        assertEquals(family(want.get("dtype").asText()), got.family(), () -> what + ": dtype family");
        boolean tolerant = "mean".equals(c.reduction()) || "prod".equals(c.reduction()) || c.op().equals("einsum");
        if (want.has("values")) {
            JsonNode values = want.get("values");
            assertEquals(values.size(), got.size(), () -> what + ": number of values");
            for (int i = 0; i < values.size(); i++) {
                int at = i;
                if (got.family() == DTypeFamily.INTEGER) {
                    assertEquals(values.get(i).asLong(), got.getLong(i), () -> what + ": value " + at);
                } else {
                    double w = values.get(i).asDouble();
                    double g = got.getDouble(i);
                    double tolerance = tolerant ? 1e-9 * Math.max(1, Math.max(Math.abs(g), Math.abs(w))) : 0;
                    assertTrue(Math.abs(g - w) <= tolerance || (Double.isNaN(g) && Double.isNaN(w)),
                            () -> what + ": value " + at + " is " + g + ", expected " + w);
                }
            }
        }
        double sum = 0;
        double checksum = 0;
        for (int i = 0; i < got.size(); i++) {
            double v = got.getDouble(i);
            sum += v;
            checksum += v * ((i % 97) + 1);
        }
        assertClose(want.get("sum").asDouble(), sum, what + ": sum");
        assertClose(want.get("checksum").asDouble(), checksum, what + ": checksum");
    }

    private static void assertClose(double want, double got, String what) {
        assertTrue(Math.abs(got - want) <= 1e-7 * Math.max(1, Math.max(Math.abs(got), Math.abs(want)))
                        || (Double.isNaN(got) && Double.isNaN(want)),
                () -> what + " is " + got + ", expected " + want);
    }

    private static DTypeFamily family(String dtype) {
        return switch (dtype) {
            case "float64", "float32", "float16" -> DTypeFamily.FLOATING;
            case "bool" -> DTypeFamily.BOOLEAN;
            default -> DTypeFamily.INTEGER;
        };
    }

    /** Shapes as text, for messages. */
    public static String show(long[] shape) {
        return Arrays.toString(shape);
    }
}
