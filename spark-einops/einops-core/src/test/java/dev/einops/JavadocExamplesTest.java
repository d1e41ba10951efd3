package dev.einops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.internal.parse.AnonymousAxis;
import dev.einops.internal.parse.AxisGroup;
import dev.einops.internal.parse.AxisNames;
import dev.einops.internal.parse.CheckShape;
import dev.einops.internal.parse.EinsumPattern;
import dev.einops.internal.parse.ExpressionParser;
import dev.einops.internal.parse.NamedAxis;
import dev.einops.internal.parse.PackPattern;
import dev.einops.internal.parse.ParseOptions;
import dev.einops.internal.parse.ParseShape;
import dev.einops.internal.parse.ParsedExpression;
import dev.einops.internal.parse.Pattern;
import dev.einops.internal.recipe.AxesLengths;
import dev.einops.internal.recipe.AxisIndices;
import dev.einops.internal.recipe.BoundedCache;
import dev.einops.internal.recipe.EinsumCompiler;
import dev.einops.internal.recipe.EinsumPlan;
import dev.einops.internal.recipe.ExecutionPlan;
import dev.einops.internal.recipe.Operation;
import dev.einops.internal.recipe.Packing;
import dev.einops.internal.recipe.PlanBuilder;
import dev.einops.internal.recipe.PlanCache;
import dev.einops.internal.recipe.PlanStep;
import dev.einops.internal.recipe.RecipeCompiler;
import dev.einops.internal.recipe.ShapeSolver;
import dev.einops.internal.recipe.SymbolicShape;
import dev.einops.internal.recipe.TransformRecipe;
import dev.einops.spi.HostArray;
import dev.einops.spi.SymbolicDim;
import dev.einops.testkit.HostArrays;
import dev.einops.testkit.JavaArrayBackend;
import dev.einops.testkit.JavadocSnippets;
import dev.einops.types.DTypeFamily;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import dev.einops.types.Reduction;
import dev.einops.types.ReductionRules;
import dev.einops.types.TensorSizeLimit;
import dev.einops.internal.exec.PlanSizes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every Javadoc example of einops-core that needs no tensor library, run as written (between the
 * {@code example} markers) with its comments' claims asserted after it; tensors are the core tests'
 * plain-Java {@link HostArray}s. The examples written for ND4J arrays run in einops-nd4j's
 * {@code CoreJavadocExamplesTest}.
 */
class JavadocExamplesTest {
    @Test
    void everyExampleOfCoreIsCopiedIntoATest() {
        JavadocSnippets.assertEveryExampleMirrored(Path.of("src/main/java"), Path.of("src/test/java"),
                Path.of("../einops-nd4j/src/test/java"));
    }

    @Test
    void tensorSizeLimit() {
        EinopsException e = assertThrows(EinopsException.class, () -> {
            // example: TensorSizeLimit
            TensorSizeLimit limit = TensorSizeLimit.of(1L << 30, "spark.einops.maxTensorBytes");
            limit.check(new long[] {3, 8, 8, 1_000_000_000_000L}, 4, "the result");
            // EinopsException: the result [3, 8, 8, 1000000000000] of 4-byte elements needs 768000000000000 bytes
            //   (698.5 TiB), more than the limit of 1073741824 bytes (1.0 GiB) per tensor (spark.einops.maxTensorBytes)
            // end example
        });
        assertEquals("the result [3, 8, 8, 1000000000000] of 4-byte elements needs 768000000000000 bytes (698.5 TiB), "
                + "more than the limit of 1073741824 bytes (1.0 GiB) per tensor (spark.einops.maxTensorBytes)",
                e.getMessage());
    }

    @Test
    void planSizes() {
        EinopsException e = assertThrows(EinopsException.class, () -> {
            // example: PlanSizes
            ExecutionPlan plan = PlanCache.shared().plan(Operation.REPEAT, "c h w -> c h w r", List.of("r"),
                    new long[] {1_000_000_000_000L}, new long[] {3, 8, 8});
            PlanSizes.check(plan, 4, TensorSizeLimit.fromSystemProperties());   // EinopsException: ... needs 768000000000000 bytes ...
            // end example
        });
        assertTrue(e.getMessage().contains(" needs 768000000000000 bytes "), e.getMessage());
    }

    @Test
    void dTypeFamily() {
        // example: DTypeFamily
        Reduction.SUM.resultFamily(DTypeFamily.BOOLEAN);   // INTEGER, as numpy's sum of booleans
        // end example
        assertEquals(DTypeFamily.INTEGER, Reduction.SUM.resultFamily(DTypeFamily.BOOLEAN));
    }

    @Test
    void einopsException() {
        HostArray x = HostArrays.zeros(new long[] {2, 12}, DTypeFamily.FLOATING).toHost();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // example: EinopsException
            try {
                Einops.rearrange(x, "b (h w) -> b h w", Map.of("h", 5));   // x has shape [2, 12]
            } catch (EinopsException e) {
                System.out.println(e.getMessage());
                // Error while processing rearrange pattern "b (h w) -> b h w": Shape mismatch, can't divide
                //  axis of length 12 in chunks of 5: input axis 1 is (h w)
                //  Input tensor shape: [2, 12]. Axes lengths: {h=5}.
            }
            // end example
        } finally {
            System.setOut(out);
        }
        assertEquals("Error while processing rearrange pattern \"b (h w) -> b h w\": Shape mismatch, can't divide"
                + " axis of length 12 in chunks of 5: input axis 1 is (h w)\n"
                + " Input tensor shape: [2, 12]. Axes lengths: {h=5}.\n", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reduction() {
        HostArray x = HostArrays.random(new long[] {2, 3, 4, 5}, DTypeFamily.FLOATING, new java.util.Random(1));
        // example: Reduction
        Reduction r = Reduction.fromName("max");          // MAX
        Einops.reduce(x, "b c h w -> b c", r);            // same as Einops.reduce(x, "b c h w -> b c", "max")
        // end example
        assertEquals(Reduction.MAX, r);
        assertEquals(Einops.reduce(x, "b c h w -> b c", "max"), Einops.reduce(x, "b c h w -> b c", r));
    }

    @Test
    void anonymousAxis() {
        // example: AnonymousAxis
        new AnonymousAxis(2, 5).length();   // 2
        // end example
        assertEquals(2, new AnonymousAxis(2, 5).length());
    }

    @Test
    void axis() {
        // example: Axis
        ParsedExpression e = ExpressionParser.parse("b (h 2) ...", 0, ParseOptions.DEFAULT);
        e.composition().get(1).axes();   // [h, 2]: NamedAxis[name=h], AnonymousAxis[length=2, position=5]
        // end example
        assertEquals(List.of(new NamedAxis("h"), new AnonymousAxis(2, 5)), e.composition().get(1).axes());
        assertEquals("[h, 2]", e.composition().get(1).axes().toString());
    }

    @Test
    void axisGroup() {
        // example: AxisGroup
        AxisGroup g = ExpressionParser.parse("b (h w)", 0, ParseOptions.DEFAULT).composition().get(1);
        g.parenthesized();   // true
        g.toString();        // (h w)
        // end example
        assertTrue(g.parenthesized());
        assertEquals("(h w)", g.toString());
    }

    @Test
    void axisNames() {
        // example: AxisNames
        AxisNames.whyInvalid("h1", false);    // Optional.empty()
        AxisNames.whyInvalid("_x", false);    // Optional[axis name should not start or end with underscore]
        // end example
        assertEquals(Optional.empty(), AxisNames.whyInvalid("h1", false));
        assertEquals("Optional[axis name should not start or end with underscore]",
                AxisNames.whyInvalid("_x", false).toString());
    }

    @Test
    void einsumPattern() {
        // example: EinsumPattern
        EinsumPattern p = EinsumPattern.parse("b i d, b j d -> b i j");
        p.operands();   // [[b, i, d], [b, j, d]]
        p.output();     // [b, i, j]
        // end example
        assertEquals(List.of(List.of("b", "i", "d"), List.of("b", "j", "d")), p.operands());
        assertEquals(List.of("b", "i", "j"), p.output());
    }

    @Test
    void ellipsisAxis() {
        // example: EllipsisAxis
        ExpressionParser.parse("b ...", 0, ParseOptions.DEFAULT).hasEllipsis();   // true
        // end example
        assertTrue(ExpressionParser.parse("b ...", 0, ParseOptions.DEFAULT).hasEllipsis());
    }

    @Test
    void expressionParser() {
        EinopsException rejected = assertThrows(EinopsException.class, () -> {
            // example: ExpressionParser
            ExpressionParser.parse("b (h h1) ...", 0, ParseOptions.DEFAULT).composition();   // [b, (h h1), ...]
            ExpressionParser.parse("a ((b c))", 0, ParseOptions.DEFAULT);   // EinopsException: brackets inside brackets
            // end example
        });
        assertEquals("[b, (h h1), ...]",
                ExpressionParser.parse("b (h h1) ...", 0, ParseOptions.DEFAULT).composition().toString());
        assertEquals("Axis composition is one-level (brackets inside brackets not allowed)", rejected.reason());
    }

    @Test
    void namedAxis() {
        // example: NamedAxis
        new NamedAxis("h").toString();   // h
        // end example
        assertEquals("h", new NamedAxis("h").toString());
    }

    @Test
    void packPattern() {
        // example: PackPattern
        PackPattern p = PackPattern.parse("i j * k", "pack");
        p.axesBefore();   // 2
        p.axesAfter();    // 1
        // end example
        assertEquals(2, p.axesBefore());
        assertEquals(1, p.axesAfter());
    }

    @Test
    void parseOptions() {
        // example: ParseOptions
        ExpressionParser.parse("_ h w", 0, ParseOptions.PARSE_SHAPE);   // '_' skips an axis
        // end example
        assertEquals(Map.of("h", 3L, "w", 4L), ParseShape.apply("_ h w", new long[] {2, 3, 4}));
        assertEquals("Invalid axis identifier: _ (axis name should not start or end with underscore)",
                assertThrows(EinopsException.class, () -> ExpressionParser.parse("_ h w", 0, ParseOptions.DEFAULT)).reason(),
                "elsewhere '_' is no axis name");
    }

    @Test
    void checkShape() {
        // example: CheckShape
        CheckShape.apply("b c h w", new long[] {8, 3, 32, 32}, Map.of("c", 3));    // passes
        CheckShape.apply("c h w", new long[] {-1, 32, 32}, Map.of("c", 3));        // passes: c unknown
        // on [8, 4, 32, 32] it throws: Shape mismatch, 4 != 3: axis c has length 4 but should have length 3
        // end example
        assertTrue(assertThrows(EinopsException.class, () -> CheckShape.apply("b c h w", new long[] {8, 4, 32, 32},
                Map.of("c", 3))).reason().startsWith("Shape mismatch, 4 != 3: axis c has length 4 but should have length 3"));
    }

    @Test
    void parseShape() {
        // example: ParseShape
        ParseShape.apply("batch _ h w", new long[] {2, 3, 5, 7});   // {batch=2, h=5, w=7}
        ParseShape.apply("... a", new long[] {10, 20});            // {a=20}
        // end example
        assertEquals("{batch=2, h=5, w=7}", ParseShape.apply("batch _ h w", new long[] {2, 3, 5, 7}).toString());
        assertEquals("{a=20}", ParseShape.apply("... a", new long[] {10, 20}).toString());
    }

    @Test
    void parsedExpression() {
        // example: ParsedExpression
        ParsedExpression e = ExpressionParser.parse("b (h 2) ...", 0, ParseOptions.DEFAULT);
        e.composition();                // [b, (h 2), ...]
        e.hasEllipsis();                // true
        e.hasNonUnitAnonymousAxes();    // true: the 2
        // end example
        assertEquals("[b, (h 2), ...]", e.composition().toString());
        assertTrue(e.hasEllipsis());
        assertTrue(e.hasNonUnitAnonymousAxes());
    }

    @Test
    void pattern() {
        // example: Pattern
        Pattern p = Pattern.parse("b c (h 2) (w 2) -> b c h w");
        p.left().composition().size();    // 4
        p.right().identifiers();          // [b, c, h, w]
        // end example
        assertEquals(4, p.left().composition().size());
        assertEquals("[b, c, h, w]", p.right().identifiers().toString());
    }

    @Test
    void boundedCache() {
        // example: BoundedCache
        BoundedCache<String, Integer> lengths = new BoundedCache<>(128);
        lengths.get("abc", String::length);   // 3, computed once
        // end example
        assertEquals(3, lengths.get("abc", key -> {
            throw new AssertionError("computed twice");
        }));
    }

    @Test
    void einsumCompiler() {
        // example: EinsumCompiler
        EinsumCompiler.compile("i j, j k -> i k", List.of(new long[] {512, 512}, new long[] {512, 512}));
        // matmul 0 1 -> 2
        // end example
        assertEquals("matmul 0 1 -> 2",
                EinsumCompiler.compile("i j, j k -> i k", List.of(new long[] {512, 512}, new long[] {512, 512})).toString());
    }

    @Test
    void einsumPlan() {
        // example: EinsumPlan
        EinsumPlan p = EinsumCompiler.compile("b i d, b j d -> b i j",
                List.of(new long[] {16, 256, 64}, new long[] {16, 256, 64}));
        p.toString();   // matmul 0 1T -> 2
        // end example
        assertEquals("matmul 0 1T -> 2", p.toString());
    }

    @Test
    void einsumStep() {
        // example: EinsumStep
        EinsumCompiler.compile("i j, j k -> i k", List.of(new long[] {2, 3}, new long[] {3, 4})).steps();
        // [matmul 0 1 -> 2]
        // end example
        assertEquals("[matmul 0 1 -> 2]",
                EinsumCompiler.compile("i j, j k -> i k", List.of(new long[] {2, 3}, new long[] {3, 4})).steps().toString());
    }

    @Test
    void executionPlan() {
        // example: ExecutionPlan
        ExecutionPlan p = PlanCache.shared().plan(Operation.REDUCE, "b c (h 2) (w 2) -> b c h w",
                List.of(), new long[0], new long[] {10, 32, 100, 200});
        p.toString();       // reshape [16000, 2, 100, 2] -> reduce [1, 3] -> reshape [10, 32, 50, 100]
        p.outputShape();    // [10, 32, 50, 100]
        p.steps().get(1);   // a PlanStep.Reduce over axes [1, 3]
        // end example
        assertEquals("reshape [16000, 2, 100, 2] -> reduce [1, 3] -> reshape [10, 32, 50, 100]", p.toString());
        assertArrayEquals(new long[] {10, 32, 50, 100}, p.outputShape());
        assertEquals("[1, 3]", ((PlanStep.Reduce) p.steps().get(1)).axes().toString());
    }

    @Test
    void operation() {
        // example: Operation
        RecipeCompiler.compile(Operation.REPEAT, "h w -> h w c", List.of("c"), 2);
        // end example
        assertEquals(List.of("h", "w", "c"),
                RecipeCompiler.compile(Operation.REPEAT, "h w -> h w c", List.of("c"), 2).axisNames());
    }

    @Test
    void packing() {
        // example: Packing
        PackPattern p = PackPattern.parse("i j * k", "unpack");
        Packing.unpack(p, new long[] {2, 3, 71, 5}, List.of(new long[0], new long[] {7}, new long[] {7, 9}))
                .outputShape(2);   // [2, 3, 7, 9, 5] (and [2, 3, 5], [2, 3, 7, 5] for 0 and 1)
        // end example
        Packing.UnpackLayout layout = Packing.unpack(p, new long[] {2, 3, 71, 5},
                List.of(new long[0], new long[] {7}, new long[] {7, 9}));
        assertArrayEquals(new long[] {2, 3, 7, 9, 5}, layout.outputShape(2));
        assertArrayEquals(new long[] {2, 3, 5}, layout.outputShape(0));
        assertArrayEquals(new long[] {2, 3, 7, 5}, layout.outputShape(1));
    }

    @Test
    void planBuilder() {
        // example: PlanBuilder
        TransformRecipe recipe = RecipeCompiler.compile(Operation.REARRANGE,
                "b (g1 g2 c) h w -> b (g2 g1 c) h w", List.of("g1", "g2"), 4);
        long[] shape = {10, 32, 100, 200};
        SymbolicDim[] lengths = ShapeSolver.solve(recipe, shape, new long[] {2, 4});
        // c, h and w travel together: the permutation is of rank 4, not 6
        PlanBuilder.build(recipe, lengths, shape).toString();
        // reshape [10, 2, 4, 80000] -> permute [0, 2, 1, 3] -> reshape [10, 32, 100, 200]
        // end example
        assertEquals("reshape [10, 2, 4, 80000] -> permute [0, 2, 1, 3] -> reshape [10, 32, 100, 200]",
                PlanBuilder.build(recipe, lengths, shape).toString());
    }

    @Test
    void planCache() {
        // example: PlanCache
        ExecutionPlan p = PlanCache.shared().plan(Operation.REDUCE, "b c (h 2) (w 2) -> b c h w",
                List.of(), new long[0], new long[] {10, 32, 100, 200});
        p.toString();     // reshape [16000, 2, 100, 2] -> reduce [1, 3] -> reshape [10, 32, 50, 100]
        // end example
        assertEquals("reshape [16000, 2, 100, 2] -> reduce [1, 3] -> reshape [10, 32, 50, 100]", p.toString());
    }

    @Test
    void recipeCompiler() {
        // example: RecipeCompiler
        TransformRecipe r = RecipeCompiler.compile(Operation.REARRANGE, "b ... -> ... b", List.of(), 3);
        r.outputOrder();   // [1, 2, 0]
        // end example
        assertArrayEquals(new int[] {1, 2, 0}, r.outputOrder());
    }

    @Test
    void shapeSolver() {
        // example: ShapeSolver
        TransformRecipe r = RecipeCompiler.compile(Operation.REARRANGE, "(h w) c -> h w c", List.of("h"), 2);
        ShapeSolver.solve(r, new long[] {12, 3}, new long[] {4});    // [4, 3, 3]: h, w, c
        ShapeSolver.solve(r, new long[] {-1, 3}, new long[] {4});    // [4, d0.0 / 4, 3]
        // end example
        assertEquals("[4, 3, 3]", Arrays.toString(ShapeSolver.solve(r, new long[] {12, 3}, new long[] {4})));
        assertEquals("[4, d0.0 / 4, 3]", Arrays.toString(ShapeSolver.solve(r, new long[] {-1, 3}, new long[] {4})));
    }

    @Test
    void symbolicDim() {
        // example: SymbolicDim
        SymbolicDim b = SymbolicDim.ofInput(0, 0).dividedBy(4);   // dim 0 of the input, divided by 4
        b.times(SymbolicDim.of(2)).toString();                    // d0.0 * 2 / 4 -> "d0.0 / 2"
        SymbolicDim.of(6).value();                                // 6
        // end example
        assertEquals("d0.0 / 4", b.toString());
        assertEquals("d0.0 / 2", b.times(SymbolicDim.of(2)).toString());
        assertEquals(6, SymbolicDim.of(6).value());
    }

    @Test
    void transformRecipe() {
        // example: TransformRecipe
        TransformRecipe r = RecipeCompiler.compile(Operation.REDUCE, "b (h 2) -> h", List.of(), 2);
        r.inputAxisCount();     // 3: b, h and the 2
        r.reduced();            // [true, false, true]
        r.outputOrder();        // [1]
        // end example
        assertEquals(3, r.inputAxisCount());
        assertArrayEquals(new boolean[] {true, false, true}, r.reduced());
        assertArrayEquals(new int[] {1}, r.outputOrder());
    }

    @Test
    void axesLengths() {
        EinopsException[] rejected = new EinopsException[3];
        try {
            // example: AxesLengths
            AxesLengths lengths = AxesLengths.of(Map.of("h", 2));
            lengths.names();                                    // [h]
            lengths.asMap();                                    // {h=2}
            AxesLengths.of(Map.of("h", 2.5));                   // EinopsException: must be an integer, got 2.5 (Double)
            // end example
        } catch (EinopsException e) {
            rejected[0] = e;
        }
        assertEquals(List.of("h"), AxesLengths.of(Map.of("h", 2)).names());
        assertEquals(Map.of("h", 2L), AxesLengths.of(Map.of("h", 2)).asMap());
        assertTrue(rejected[0].getMessage().contains("must be an integer, got 2.5 (Double)"), rejected[0].getMessage());
        EinopsException big = assertThrows(EinopsException.class,
                () -> AxesLengths.of(Map.of("h", java.math.BigInteger.TWO.pow(64))));
        assertTrue(big.getMessage().contains("must be a 64-bit integer"), big.getMessage());
        EinopsException negative = assertThrows(EinopsException.class,
                () -> AxesLengths.of(Map.of("h", -2)).requireNonNegative());
        assertTrue(negative.getMessage().contains("must be a non-negative integer"), negative.getMessage());
    }

    @Test
    void einopsExceptionInContext() {
        // example: EinopsException#inContext
        RuntimeException failure = new IllegalStateException("boom");   // thrown by the tensor library
        EinopsException e = EinopsException.inContext(failure, "rearrange", "a b -> b a", "[2, 3]", Map.of());
        e.getMessage();
        // Error while processing rearrange pattern "a b -> b a": the tensor library failed:
        //  IllegalStateException: boom
        //  Input tensor shape: [2, 3]. Axes lengths: {}.
        // end example
        assertEquals("Error while processing rearrange pattern \"a b -> b a\": the tensor library failed: "
                + "IllegalStateException: boom\n Input tensor shape: [2, 3]. Axes lengths: {}.", e.getMessage());
        assertSame(failure, e.getCause());
    }

    @Test
    void elementType() {
        // example: ElementType
        ElementType.promote(ElementType.INT32, ElementType.FLOAT32);    // FLOAT32: the floating type wins
        ElementType.promote(ElementType.UINT8, ElementType.INT8);       // INT16, as numpy
        ElementType.FLOAT64.family();                                    // FLOATING
        ElementType.BFLOAT16.label();                                    // "bfloat16"
        // end example
        assertEquals(ElementType.FLOAT32, ElementType.promote(ElementType.INT32, ElementType.FLOAT32));
        assertEquals(ElementType.INT16, ElementType.promote(ElementType.UINT8, ElementType.INT8));
        assertEquals(DTypeFamily.FLOATING, ElementType.FLOAT64.family());
        assertEquals("bfloat16", ElementType.BFLOAT16.label());
    }

    @Test
    void reductionRules() {
        EinopsException rejected = assertThrows(EinopsException.class, () -> {
            // example: ReductionRules
            ReductionRules.resultType(Reduction.SUM, ElementType.INT32);    // INT64, as numpy sums int32
            ReductionRules.resultType(Reduction.ANY, ElementType.FLOAT32);  // BOOL
            ReductionRules.identity(Reduction.PROD);                        // OptionalDouble[1.0]
            ReductionRules.identity(Reduction.MAX);                         // OptionalDouble.empty
            ReductionRules.reducedShape(new long[] {2, 3, 4}, new int[] {0, 2});            // [3]
            ReductionRules.emptyReductionValue(Reduction.MAX, new long[] {0, 3}, new int[] {0});
            // EinopsException: zero-size array to reduction operation max which has no identity: ...
            // end example
        });
        assertEquals(ElementType.INT64, ReductionRules.resultType(Reduction.SUM, ElementType.INT32));
        assertEquals(ElementType.BOOL, ReductionRules.resultType(Reduction.ANY, ElementType.FLOAT32));
        assertEquals(java.util.OptionalDouble.of(1.0), ReductionRules.identity(Reduction.PROD));
        assertEquals(java.util.OptionalDouble.empty(), ReductionRules.identity(Reduction.MAX));
        assertArrayEquals(new long[] {3}, ReductionRules.reducedShape(new long[] {2, 3, 4}, new int[] {0, 2}));
        assertTrue(rejected.getMessage().startsWith("zero-size array to reduction operation max which has no identity"),
                rejected.getMessage());
    }

    @Test
    void axisIndices() {
        // example: AxisIndices
        AxisIndices axes = AxisIndices.of(0, 2, 1);
        axes.toArray();       // [0, 2, 1], a copy
        axes.toString();      // [0, 2, 1]
        // end example
        assertArrayEquals(new int[] {0, 2, 1}, axes.toArray());
        assertNotSame(axes.toArray(), axes.toArray());
        assertEquals("[0, 2, 1]", axes.toString());
    }

    @Test
    void planStep() {
        ExecutionPlan plan = PlanCache.shared().plan(Operation.REARRANGE, "a b c -> a c b", List.of(), new long[0],
                new long[] {2, 3, 4});
        JavaArrayBackend backend = new JavaArrayBackend();
        HostArray x = HostArrays.random(new long[] {2, 3, 4}, DTypeFamily.FLOATING, new java.util.Random(1));
        HostArray input = x;
        // example: PlanStep
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Permute p) {
                x = backend.permute(x, p.axes().toArray());
            } // ... Reshape, Reduce, Expand
        }
        new PlanStep.Permute(AxisIndices.of(0, 2, 1)).toString();   // permute [0, 2, 1]
        // end example
        assertEquals(Einops.rearrange(input, "a b c -> a c b"), x);
        assertEquals("permute [0, 2, 1]", new PlanStep.Permute(AxisIndices.of(0, 2, 1)).toString());
    }

    @Test
    void symbolicShape() {
        // example: SymbolicShape
        SymbolicShape s = SymbolicShape.of(SymbolicDim.ofInput(0, 0), SymbolicDim.of(60));
        s.lengths();      // [-1, 60]: -1 where known only at run time
        s.isKnown();      // false
        s.toString();     // [d0.0, 60]
        SymbolicShape.known(2, 3).equals(SymbolicShape.of(SymbolicDim.of(2), SymbolicDim.of(3)));   // true
        // end example
        assertArrayEquals(new long[] {-1, 60}, s.lengths());
        assertFalse(s.isKnown());
        assertEquals("[d0.0, 60]", s.toString());
        assertEquals(SymbolicShape.known(2, 3), SymbolicShape.of(SymbolicDim.of(2), SymbolicDim.of(3)));
    }
}
