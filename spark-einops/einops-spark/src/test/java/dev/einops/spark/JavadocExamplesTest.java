package dev.einops.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.spark.tensor.SparkElementTypes;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.exec.BlockEvaluator;
import dev.einops.spark.exec.BlockMetrics;
import dev.einops.spark.exec.BlockSettings;
import dev.einops.spark.exec.ChainRunner;
import dev.einops.spark.exec.RowFallback;
import dev.einops.spark.memory.EinopsMemory;
import dev.einops.spark.memory.Slab;
import dev.einops.spark.memory.TaskMemory;
import dev.einops.types.ElementType;
import dev.einops.spark.tensor.RowImage;
import dev.einops.spark.tensor.SparkElementTypes;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.spark.tensor.TensorReader;
import dev.einops.spark.transform.BatchPattern;
import dev.einops.spark.transform.RowAxisKind;
import dev.einops.spark.transform.RowTransform;
import dev.einops.spark.transform.TensorChain;
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
        // example: RowImage
        RowImage image = RowImage.of(TensorEncoding.FLAT, ElementType.FLOAT32, new long[] {2, 3});
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
        new BlockSettings(4096, 16L << 20);   // the defaults
        // end example
        assertEquals(new BlockSettings(BlockSettings.DEFAULT_ROWS, BlockSettings.DEFAULT_BYTES), new BlockSettings(4096, 16L << 20));
    }

    @Test
    void blockMetrics() throws Exception {
        // example: BlockMetrics
        BlockMetrics.NONE.blocks(1);   // ignored
        // end example
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
}
