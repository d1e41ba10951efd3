package dev.einops.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.tensor.SparkElementTypes;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.exec.BlockEvaluator;
import dev.einops.spark.exec.BlockMetrics;
import dev.einops.spark.exec.BlockSettings;
import dev.einops.spark.exec.ChainRunner;
import dev.einops.spark.exec.RowErrors;
import dev.einops.spark.exec.RowFallback;
import dev.einops.spark.memory.EinopsMemory;
import dev.einops.spark.memory.Slab;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.types.EinopsException;
import dev.einops.types.ElementType;
import dev.einops.spark.tensor.UnsafeLayout;
import dev.einops.spark.tensor.SparkElementTypes;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.spark.tensor.TensorReader;
import dev.einops.spark.transform.BatchPattern;
import dev.einops.spark.transform.CompiledCall;
import dev.einops.spark.transform.RowAxisKind;
import dev.einops.spark.transform.RowTransform;
import dev.einops.spark.transform.TensorChain;
import dev.einops.spark.exec.EinsumRows;
import dev.einops.spark.exec.ExplodeEvaluator;
import dev.einops.spark.exec.ReduceAccumulator;
import dev.einops.spark.exec.StackAccumulator;
import dev.einops.spark.transform.BatchTransform;
import dev.einops.spark.transform.ConvertStep;
import dev.einops.spark.transform.ExplodeTransform;
import dev.einops.testkit.JavadocSnippets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.api.Test;

/**
 * Every Javadoc example of einops-spark, run as written (between the {@code example} markers) with
 * its comments' claims asserted after it.
 */
class JavadocExamplesTest {
    private final SparkSession spark = SparkTestSession.get();

    @Test
    void everyExampleOfSparkIsCopiedIntoATest() {
        JavadocSnippets.assertEveryExampleMirrored(Path.of("src/main/java"), Path.of("src/test/java"));
    }

    @Test
    void sparkElementTypes() {
        // example: SparkElementTypes
        SparkElementTypes.of(DataTypes.FloatType);               // FLOAT32
        SparkElementTypes.sparkType(ElementType.INT64);          // LongType
        // end example
        assertEquals(ElementType.FLOAT32, SparkElementTypes.of(DataTypes.FloatType));
        assertEquals(DataTypes.LongType, SparkElementTypes.sparkType(ElementType.INT64));
    }

    @Test
    void tensorEncoding() throws Exception {
        // example: TensorEncoding
        DataType nested = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType));
        TensorColumnType.of(nested, Metadata.empty()).encoding();   // NESTED
        // end example
        assertEquals(TensorEncoding.NESTED, TensorColumnType.of(nested, Metadata.empty()).encoding());
    }

    @Test
    void tensorColumnType() throws Exception {
        // example: TensorColumnType
        DataType nested = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType));
        TensorColumnType t = TensorColumnType.of(nested, Metadata.empty());
        t.encoding();   // NESTED
        t.rank();       // 2
        t.shape();      // [-1, -1]: the type gives the rank, not the lengths
        // end example
        assertEquals(TensorEncoding.NESTED, t.encoding());
        assertEquals(2, t.rank());
        assertArrayEquals(new long[] {-1, -1}, t.shape());
    }

    @Test
    void rowImage() throws Exception {
        // example: UnsafeLayout
        UnsafeLayout image = UnsafeLayout.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
        image.bytes();        // 40: an 8-byte count, one null-bit word, 6 floats rounded up to 8 bytes
        image.dataOffset();   // 16
        // end example
        assertEquals(40, image.bytes());
        assertEquals(16, image.dataOffset());
    }

    @Test
    void tensorReader() throws Exception {
        // example: TensorReader
        TensorColumnType type = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
        TensorReader reader = TensorReader.of(type, type.shape());
        ArrayData value = ArrayData.toArrayData(new float[] {1, 2, 3, 4, 5, 6});
        long[] shape = reader.shape(value);         // [2, 3]; MalformedTensorException if the row does not fit
        long address = Platform.allocateMemory(6 * 4);
        reader.copy(value, shape, address);         // the six floats at address, in C order
        // end example
        assertArrayEquals(new long[] {2, 3}, shape);
        assertEquals(6f, Platform.getFloat(null, address + 20));
        Platform.freeMemory(address);
    }

    @Test
    void rowAxisKind() throws Exception {
        // example: RowAxisKind
        BatchPattern.parse("b c h w -> b h w c").kind();                       // PER_ROW
        BatchPattern.parse("b c (h p) (w q) -> (b h w) c p q").kind();         // EXPLODE
        BatchPattern.parse("b c h w -> c").kind();                             // AGGREGATE
        BatchPattern.parse("t c h w -> c t h w").kind();                       // STACK
        // end example
        assertEquals(RowAxisKind.PER_ROW, BatchPattern.parse("b c h w -> b h w c").kind());
        assertEquals(RowAxisKind.EXPLODE, BatchPattern.parse("b c (h p) (w q) -> (b h w) c p q").kind());
        assertEquals(RowAxisKind.AGGREGATE, BatchPattern.parse("b c h w -> c").kind());
        assertEquals(RowAxisKind.STACK, BatchPattern.parse("t c h w -> c t h w").kind());
    }

    @Test
    void batchPattern() throws Exception {
        // example: BatchPattern
        BatchPattern p = BatchPattern.parse("b c (h 2) (w 2) -> b c h w");
        p.rowAxis();      // b
        p.kind();         // PER_ROW
        p.rowPattern();   // c (h 2) (w 2) -> c h w
        // end example
        assertEquals("b", p.rowAxis());
        assertEquals(RowAxisKind.PER_ROW, p.kind());
        assertEquals("c (h 2) (w 2) -> c h w", p.rowPattern());
    }

    @Test
    void rowTransform() throws Exception {
        // example: RowTransform
        RowTransform t = RowTransform.of(Operation.REARRANGE, "c h w -> h w c", null, Map.of(), false);
        t.outputType(TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64}));
                                        // nested float32 tensors of shape [64, 64, 3]
        t.blockPattern();               // rows c h w -> rows h w c
        // end example
        assertEquals("nested float32 tensors of shape [64, 64, 3]",
                t.outputType(TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64})).toString());
        assertEquals("rows c h w -> rows h w c", t.blockPattern());
    }

    @Test
    void tensorChain() throws Exception {
        // example: TensorChain
        TensorColumnType images = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64});
        TensorChain chain = TensorChain.of(images, List.of(
                RowTransform.of(Operation.REARRANGE, "c h w -> h w c", null, Map.of(), false),
                RowTransform.of(Operation.REDUCE, "(h 2) (w 2) c -> h w c", "max", Map.of(), false)));
        chain.outputType();   // nested float32 tensors of shape [32, 32, 3]
        // end example
        assertEquals("nested float32 tensors of shape [32, 32, 3]", chain.outputType().toString());
    }

    @Test
    void chainRunner() throws Exception {
        // example: ChainRunner
        TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
        TensorChain chain = TensorChain.of(pairs, List.of(RowTransform.of(Operation.REARRANGE, "a b -> b a", null, Map.of(), false)));
        TaskMemory memory = TaskMemory.open("example");
        ChainRunner runner = new ChainRunner(chain, "t", ErrorMode.FAILFAST, memory.allocator());
        long row = runner.add(ArrayData.toArrayData(new float[] {1, 2, 3, 4, 5, 6}));   // copied into its shape's block
        runner.evaluate();                                                              // one engine call per block
        float[] result = ((ArrayData) runner.value(row)).toFloatArray();               // [1, 4, 2, 5, 3, 6]
        runner.close();
        memory.close();
        // end example
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, result);
    }

    @Test
    void blockEvaluator() throws Exception {
        // example: BlockEvaluator
        TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
        TensorChain chain = TensorChain.of(pairs, List.of(RowTransform.of(Operation.REARRANGE, "a b -> b a", null, Map.of(), false)));
        Iterator<InternalRow> rows = List.<InternalRow>of(
                new GenericInternalRow(new Object[] {ArrayData.toArrayData(new float[] {1, 2, 3, 4, 5, 6})})).iterator();
        TaskMemory memory = TaskMemory.open("example");
        BlockEvaluator out = new BlockEvaluator(rows, new Expression[] {new BoundReference(0, pairs.sparkType(), true)},
                new TensorChain[] {chain}, new String[] {"t"}, UnsafeProjection.create(new DataType[0]),
                UnsafeProjection.create(new DataType[] {chain.outputType().sparkType()}), new BlockSettings(4096, 16L << 20),
                new ErrorMode[] {ErrorMode.FAILFAST}, BlockMetrics.NONE, memory);
        float[] first = out.next().getArray(0).toFloatArray();   // [1, 4, 2, 5, 3, 6]
        memory.close();                                          // closes the evaluator too
        // end example
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, first);
    }

    @Test
    void blockSettings() throws Exception {
        // example: BlockSettings
        new BlockSettings(4096, 16L << 20);   // the defaults: EinopsConf.blockSettings(key -> null)
        // end example
        assertEquals(EinopsConf.blockSettings(key -> null), new BlockSettings(4096, 16L << 20));
    }

    @Test
    void blockMetrics() throws Exception {
        // example: BlockMetrics
        BlockMetrics.NONE.blocks(1);                       // ignored
        BlockMetrics.Counter counter = new BlockMetrics.Counter();
        counter.blocks(2);
        counter.blockCount();                              // 2
        // end example
        assertEquals(2, counter.blockCount());
        counter.malformedRows(3);
        assertEquals(3, counter.malformedCount());
        assertEquals(2, counter.blockCount(), "malformed rows are no blocks");
    }

    @Test
    void rowFallback() throws Exception {
        // example: RowFallback
        TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
        TensorChain chain = TensorChain.of(pairs, List.of(RowTransform.of(Operation.REARRANGE, "a b -> b a", null, Map.of(), false)));
        Object result = RowFallback.evaluate(chain, "t", ErrorMode.FAILFAST,
                ArrayData.toArrayData(new float[] {1, 2, 3, 4, 5, 6}));   // [1, 4, 2, 5, 3, 6], on the heap
        // end example
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, ((ArrayData) result).toFloatArray());
    }

    @Test
    void einopsMemory() throws Exception {
        // example: EinopsMemory
        EinopsMemory.root().getAllocatedMemory();   // 0 once every task has ended
        // end example
        assertEquals(0, EinopsMemory.root().getAllocatedMemory());
    }

    @Test
    void taskMemory() throws Exception {
        // example: TaskMemory
        try (TaskMemory memory = TaskMemory.open("driver-work")) {   // TaskMemory.forCurrentTask() inside a task
            ArrowBuf buf = memory.allocator().buffer(1 << 20);
            memory.register(buf::close);                            // released before the allocator closes
        }
        // end example
        assertEquals(0, EinopsMemory.allocatedBytes());
    }

    @Test
    void slab() throws Exception {
        // example: Slab
        try (TaskMemory memory = TaskMemory.open("example"); Slab slab = new Slab(memory.allocator())) {
            long address = slab.ensure(1 << 20);
            Platform.putFloat(null, address, 1f);
        }
        // end example
        assertEquals(0, EinopsMemory.allocatedBytes());
    }

    @Test
    void errorMode() throws Exception {
        // example: ErrorMode
        spark.conf().set("spark.einops.mode", "PERMISSIVE");   // malformed rows give null and are counted
        // end example
        assertEquals(ErrorMode.PERMISSIVE, ErrorMode.of(spark.conf().get("spark.einops.mode")));
        spark.conf().unset("spark.einops.mode");
    }

    @Test
    void batchTransform() throws Exception {
        // example: BatchTransform
        BatchTransform means = BatchTransform.of(Operation.REDUCE, "b c h w -> c", "mean", Map.of(), RowAxisKind.AGGREGATE);
        means.outputType(TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64}));
                                          // nested float32 tensors of shape [3]
        means.plan(new long[] {100, 3, 64, 64}).outputShape();   // [3]
        // end example
        assertEquals("nested float32 tensors of shape [3]",
                means.outputType(TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64})).toString());
        assertArrayEquals(new long[] {3}, means.plan(new long[] {100, 3, 64, 64}).outputShape());
    }

    @Test
    void einopsConf() throws Exception {
        try {
            assertThrows(EinopsException.class, () -> {
                // example: EinopsConf
                spark.conf().set(EinopsConf.BLOCK_ROWS, "1024");
                EinopsConf.blockSettings(spark.conf()).rows();   // 1024
                spark.conf().set(EinopsConf.BLOCK_ROWS, "0");
                EinopsConf.blockSettings(spark.conf());          // EinopsException: spark.einops.block.rows=0 is not accepted ...
                // end example
            });
            spark.conf().set(EinopsConf.BLOCK_ROWS, "1024");
            assertEquals(1024, EinopsConf.blockSettings(spark.conf()).rows());
            spark.conf().set(EinopsConf.BLOCK_ROWS, "0");
            EinopsException e = assertThrows(EinopsException.class, () -> EinopsConf.blockSettings(spark.conf()));
            assertEquals("spark.einops.block.rows=0 is not accepted: the setting takes a whole number >= 1 (default 4096)",
                    e.getMessage());
        } finally {
            spark.conf().unset(EinopsConf.BLOCK_ROWS);
        }
    }

    @Test
    void rowErrors() {
        // example: RowErrors
        RowErrors.error("ragged nesting", "weights", "rearrange", "c h w -> h w c", new long[] {3, 2}, Map.of())
                .getMessage();   // ragged nesting (column weights) ... rearrange ... c h w -> h w c ... [3, 2]
        // end example
        String message = RowErrors.error("ragged nesting", "weights", "rearrange", "c h w -> h w c", new long[] {3, 2},
                Map.of()).getMessage();
        assertTrue(message.startsWith("Error while processing rearrange pattern \"c h w -> h w c\": ragged nesting "
                + "(column weights)"), message);
        assertTrue(message.contains("[3, 2]"), message);
    }

    @Test
    void confEntry() {
        assertThrows(EinopsException.class, () -> {
            // example: ConfEntry
            EinopsConf.BLOCK_ROWS_ENTRY.read(key -> "1024");   // 1024
            EinopsConf.BLOCK_ROWS_ENTRY.read(key -> null);     // 4096, the default
            EinopsConf.BLOCK_ROWS_ENTRY.read(key -> "0");      // EinopsException: spark.einops.block.rows=0: ...
            // end example
        });
        assertEquals(1024, EinopsConf.BLOCK_ROWS_ENTRY.read(key -> "1024"));
        assertEquals(4096, EinopsConf.BLOCK_ROWS_ENTRY.read(key -> null));
        EinopsException bytes = assertThrows(EinopsException.class,
                () -> EinopsConf.BLOCK_BYTES_ENTRY.read(key -> "lots"));
        assertEquals("spark.einops.block.bytes=lots is not accepted: the setting takes a positive size in bytes, with or "
                + "without a unit (16m, 1g) (default 16m)", bytes.getMessage());
        for (ConfEntry<?> entry : EinopsConf.ENTRIES) {
            assertEquals(entry.read(key -> entry.defaultValue()), entry.read(key -> null), entry.key());
            assertTrue(entry.key().startsWith("spark.einops."), entry.key());
        }
    }

    @Test
    void compiledCall() {
        // example: CompiledCall
        CompiledCall verb = CompiledCall.verb(Operation.REARRANGE, "b c h w -> b h w c", null, Map.of());
        verb.kind();           // PER_ROW
        verb.rowPattern();     // c h w -> h w c
        verb.blockPattern();   // b c h w -> b h w c: the verb's own row axis stands for a block's rows
        CompiledCall fn = CompiledCall.rowFunction(Operation.REARRANGE, "c h w -> h w c", null, Map.of());
        fn.blockPattern();     // rows c h w -> rows h w c
        // end example
        assertEquals(RowAxisKind.PER_ROW, verb.kind());
        assertEquals("c h w -> h w c", verb.rowPattern());
        assertEquals("b c h w -> b h w c", verb.blockPattern());
        assertEquals("rows c h w -> rows h w c", fn.blockPattern());
    }

    @Test
    void explodeEvaluator() throws Exception {
        // example: ExplodeEvaluator
        ExplodeTransform patches = ExplodeTransform.of(Operation.REARRANGE, "b (h p) -> (b h) p", null, Map.of("p", 2));
        TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {4});
        TensorChain chain = TensorChain.of(pairs, List.of(patches.perRow()), true);
        Iterator<InternalRow> rows = List.<InternalRow>of(
                new GenericInternalRow(new Object[] {ArrayData.toArrayData(new float[] {1, 2, 3, 4})})).iterator();
        TaskMemory memory = TaskMemory.open("example");
        ExplodeEvaluator out = new ExplodeEvaluator(rows, new BoundReference(0, pairs.sparkType(), true), chain, patches,
                "t", false, true, UnsafeProjection.create(new DataType[0]),
                UnsafeProjection.create(new DataType[] {patches.outputType(pairs).sparkType(), DataTypes.IntegerType}),
                new BlockSettings(4096, 16L << 20), ErrorMode.FAILFAST, BlockMetrics.NONE, memory);
        InternalRow first = out.next().copy();   // [[1, 2], 0]: the first pair and its index along h
        InternalRow second = out.next();  // [[3, 4], 1]
        memory.close();
        // end example
        assertArrayEquals(new float[] {1, 2}, first.getArray(0).toFloatArray());
        assertEquals(0, first.getInt(1));
        assertArrayEquals(new float[] {3, 4}, second.getArray(0).toFloatArray());
        assertEquals(1, second.getInt(1));
    }

    @Test
    void explodeTransform() throws Exception {
        // example: ExplodeTransform
        ExplodeTransform patches = ExplodeTransform.of(Operation.REARRANGE, "b c (h p) (w q) -> (b h w) c p q",
                null, Map.of("p", 8, "q", 8));
        TensorColumnType image = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT32, new long[] {3, 64, 64});
        patches.outputType(image);                         // nested float32 tensors of shape [3, 8, 8]
        patches.indexAxes();                               // [h, w]
        patches.indexLengths(new long[] {3, 64, 64});      // [8, 8]: 64 rows per image
        // end example
        assertEquals("nested float32 tensors of shape [3, 8, 8]", patches.outputType(image).toString());
        assertEquals(List.of("h", "w"), patches.indexAxes());
        assertArrayEquals(new long[] {8, 8}, patches.indexLengths(new long[] {3, 64, 64}));
    }

    @Test
    void reduceAccumulator() throws Exception {
        // example: ReduceAccumulator
        BatchTransform means = BatchTransform.of(Operation.REDUCE, "b x -> x", "mean", Map.of(), RowAxisKind.AGGREGATE);
        TensorColumnType pairs = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2});
        ReduceAccumulator acc = new ReduceAccumulator(means, pairs, new BlockSettings(4096, 1 << 20), ErrorMode.FAILFAST, "t", null);
        acc.add(ArrayData.toArrayData(new float[] {1, 2}));
        acc.add(ArrayData.toArrayData(new float[] {3, 6}));
        acc.toArray();   // [2.0, 4.0], float32
        acc.close();
        // end example
        assertArrayEquals(new float[] {2, 4}, acc.toArray().toFloatVector());
        assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, acc.toArray().dataType());
    }

    @Test
    void stackAccumulator() throws Exception {
        // example: StackAccumulator
        BatchTransform clip = BatchTransform.of(Operation.REARRANGE, "t x -> x t", null, Map.of(), RowAxisKind.STACK);
        TensorColumnType frames = TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2});
        StackAccumulator acc = new StackAccumulator(clip, frames, DataTypes.LongType, 1 << 20, ErrorMode.FAILFAST, "t", null);
        acc.add(ArrayData.toArrayData(new float[] {3, 4}), 2L);
        acc.add(ArrayData.toArrayData(new float[] {1, 2}), 1L);   // comes first: its key is smaller
        acc.toArray();   // [[1, 3], [2, 4]]
        // end example
        assertEquals("[[1, 3], [2, 4]]", java.util.Arrays.deepToString(new float[][] {
                acc.toArray().getRow(0).toFloatVector(), acc.toArray().getRow(1).toFloatVector()}).replace(".0", ""));
    }

    @Test
    void einsumRows() {
        // example: EinsumRows
        TensorColumnType matrices = TensorColumnType.of(TensorEncoding.NESTED, ElementType.FLOAT64, new long[] {2, 2});
        EinsumRows products = EinsumRows.of("i j, j k -> i k", List.of(matrices, matrices));
        products.outputType();   // nested float64 tensors of shape [2, 2]
        // end example
        assertEquals("nested float64 tensors of shape [2, 2]", products.outputType().toString());
    }

    @Test
    void convertStep() {
        // example: ConvertStep
        ConvertStep toStruct = new ConvertStep(TensorEncoding.STRUCT);
        toStruct.outputType(TensorColumnType.of(TensorEncoding.NESTED, ElementType.INT64, new long[] {2, 3}));
        // struct int64 tensors of shape [2, 3]
        // end example
        assertEquals("struct int64 tensors of shape [2, 3]", toStruct.outputType(TensorColumnType.of(
                TensorEncoding.NESTED, ElementType.INT64, new long[] {2, 3})).toString());
    }
}
