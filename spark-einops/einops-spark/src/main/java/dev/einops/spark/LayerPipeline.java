package dev.einops.spark;

import dev.einops.types.EinopsException;
import dev.einops.layers.EinMix;
import dev.einops.layers.Rearrange;
import dev.einops.layers.Reduce;
import dev.einops.internal.recipe.Operation;
import dev.einops.spark.catalyst.EinopsColumns;
import dev.einops.spark.catalyst.PlannerInstaller;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.transform.BlockStep;
import dev.einops.spark.transform.MixStep;
import dev.einops.spark.transform.MixWeights;
import dev.einops.spark.transform.RowTransform;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One pipeline of {@code einops-layers} values ({@link Rearrange}, {@link Reduce}, {@link EinMix})
 * with two executions: distributed over a DataFrame column, the batch axis being the rows (each
 * block of rows goes through every layer in one pass; EinMix weights are broadcast once and applied
 * per block as one matrix product), and on the driver as a SameDiff graph with gradients. The use:
 * fit the EinMix weights on the driver from a sample, then transform the whole DataFrame with them.
 * Immutable: {@link #withWeights} gives a new pipeline.
 *
 * <pre>{@code
 * LayerPipeline pipeline = LayerPipeline.of(
 *         new Rearrange("b c h w -> b h w c"),
 *         new EinMix("b h w c -> b h w d", "c d", "d", Map.of("c", 3, "d", 4)),
 *         new Reduce("b h w d -> b d", "mean"));
 * SameDiff sd = SameDiff.create();
 * LayerPipeline.Graph graph = pipeline.toSameDiff(sd, sd.placeHolder("x", DataType.FLOAT, -1, 3, 8, 8));
 * // ... train graph.output() in sd, then:
 * LayerPipeline fitted = pipeline.withWeightsFrom(graph);
 * Dataset<Row> features = fitted.transform(images, "image");   // image: [3, 8, 8] per row -> [4] per row
 * }</pre>
 */
public final class LayerPipeline implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Serializable> layers;
    private final Map<Integer, MixWeights> weights;

    private LayerPipeline(List<Serializable> layers, Map<Integer, MixWeights> weights) {
        this.layers = List.copyOf(layers);
        this.weights = Map.copyOf(weights);
    }

    /**
     * The layers, applied in order; each {@link EinMix} starts with the reference's initial weights
     * (float32, seeded by its position).
     *
     * @throws EinopsException for anything but a Rearrange, Reduce or EinMix
     */
    public static LayerPipeline of(Serializable... layers) {
        Map<Integer, MixWeights> weights = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof EinMix mix) {
                weights.put(i, MixWeights.of(mix.initialParameters(DataType.FLOAT, i)));
            } else if (!(layers[i] instanceof Rearrange || layers[i] instanceof Reduce)) {
                throw new EinopsException("a pipeline holds Rearrange, Reduce and EinMix layers, not "
                        + (layers[i] == null ? "null" : layers[i].getClass().getSimpleName()));
            }
        }
        return new LayerPipeline(List.of(layers), weights);
    }

    /** This pipeline with the EinMix layer at position {@code layer} using {@code parameters}. */
    public LayerPipeline withWeights(int layer, EinMix.Parameters<INDArray> parameters) {
        if (!(layers.get(layer) instanceof EinMix)) {
            throw new EinopsException("layer " + layer + " is " + layers.get(layer) + ", not an EinMix");
        }
        Map<Integer, MixWeights> next = new LinkedHashMap<>(weights);
        next.put(layer, MixWeights.of(parameters));
        return new LayerPipeline(layers, next);
    }

    /** The layers, in order. */
    public List<Serializable> layers() {
        return layers;
    }

    /** The weights of the EinMix layer at position {@code layer}. */
    public EinMix.Parameters<INDArray> weights(int layer) {
        MixWeights w = weights.get(layer);
        if (w == null) {
            throw new EinopsException("layer " + layer + " is " + layers.get(layer) + ", not an EinMix");
        }
        return w.parameters();
    }

    /** The pipeline on a batch on the driver, as ND4J arrays: the reference the distributed run must equal. */
    public INDArray apply(INDArray batch) {
        INDArray x = batch;
        for (int i = 0; i < layers.size(); i++) {
            Serializable layer = layers.get(i);
            if (layer instanceof Rearrange r) {
                x = r.apply(x);
            } else if (layer instanceof Reduce r) {
                x = r.apply(x);
            } else {
                x = ((EinMix) layer).apply(x, weights.get(i).parameters());
            }
        }
        return x;
    }

    /** The pipeline's graph in SameDiff: its output and, per EinMix position, its trainable variables. */
    public record Graph(SDVariable output, Map<Integer, EinMix.Parameters<SDVariable>> parameters) {
    }

    /**
     * Builds the pipeline in {@code input}'s graph, the EinMix weights as trainable variables named
     * {@code pipeline<i>_weight} and {@code pipeline<i>_bias}, initialised with this pipeline's.
     */
    public Graph toSameDiff(SameDiff sd, SDVariable input) {
        SDVariable x = input;
        Map<Integer, EinMix.Parameters<SDVariable>> variables = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Serializable layer = layers.get(i);
            if (layer instanceof Rearrange r) {
                x = r.apply(x);
            } else if (layer instanceof Reduce r) {
                x = r.apply(x);
            } else {
                EinMix.Parameters<INDArray> p = weights.get(i).parameters();
                SDVariable w = sd.var("pipeline" + i + "_weight", p.weight().dup());
                SDVariable b = p.bias() == null ? null : sd.var("pipeline" + i + "_bias", p.bias().dup());
                EinMix.Parameters<SDVariable> vars = new EinMix.Parameters<>(w, b);
                variables.put(i, vars);
                x = ((EinMix) layer).apply(x, vars);
            }
        }
        return new Graph(x, variables);
    }

    /** This pipeline with the EinMix weights the graph's variables hold now (after training, say). */
    public LayerPipeline withWeightsFrom(Graph graph) {
        LayerPipeline next = this;
        for (Map.Entry<Integer, EinMix.Parameters<SDVariable>> e : graph.parameters().entrySet()) {
            EinMix.Parameters<SDVariable> p = e.getValue();
            next = next.withWeights(e.getKey(), new EinMix.Parameters<>(p.weight().getArr().dup(),
                    p.bias() == null ? null : p.bias().getArr().dup()));
        }
        return next;
    }

    /**
     * The pipeline on every row of {@code column}, its pattern's first axis being the rows: the
     * result replaces the column in place, and its type and shape are known before any job runs.
     * EinMix weights are broadcast to the executors once.
     */
    public Dataset<Row> transform(Dataset<Row> df, String column) {
        if (SqlCalls.onConnect(df)) {
            throw SqlCalls.unsupported("LayerPipeline.transform", "its EinMix weights are broadcast from the driver "
                    + "and its steps are Catalyst expressions, which a Connect client cannot send; run the pipeline "
                    + "in a classic session (a job submitted to the cluster)");
        }
        PlannerInstaller.install(df.sparkSession());
        JavaSparkContext context = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
        List<BlockStep> steps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Serializable layer = layers.get(i);
            if (layer instanceof Rearrange r) {
                steps.add(RowTransform.of(Operation.REARRANGE, r.pattern(), null, r.axesLengths(), true));
            } else if (layer instanceof Reduce r) {
                steps.add(RowTransform.of(Operation.REDUCE, r.pattern(), r.reduction().label(), r.axesLengths(), true));
            } else {
                Broadcast<MixWeights> shipped = context.broadcast(weights.get(i));
                steps.add(new MixStep((EinMix) layer, shipped::value));
            }
        }
        BlockStep first = steps.get(0);
        TensorColumnType output = RowVerbs.typed(df, column, first.label(), first.pattern(), first.axesLengths(),
                input -> {
                    TensorColumnType t = input;
                    for (BlockStep step : steps) {
                        t = step.outputType(t);
                    }
                    return t;
                });
        Column result = df.col(RowVerbs.quoted(column));
        for (BlockStep step : steps) {
            result = EinopsColumns.transform(result, step);
        }
        return RowVerbs.withMetadata(df.withColumn(column, result), column, output.metadata());
    }

    @Override
    public String toString() {
        return "LayerPipeline" + layers;
    }
}
