package dev.einops.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The einops tutorial's model in DL4J: conv 3->6 (5), max-pool 2, conv 6->16 (5),
 * Reduce("b c (h 2) (w 2) -> b (c h w)", "max"), dense 400->120, ReLU, dense 120->10.
 */
class TutorialModelTest {
    private static MultiLayerConfiguration tutorialModel() {
        return new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nIn(3).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.IDENTITY).build())
                .layer(new ReduceLayer("b c (h 2) (w 2) -> b (c h w)", "max"))
                .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3))
                .build();
    }

    @Test
    void trainsAndSurvivesSaveAndRestore(@TempDir File dir) throws Exception {
        MultiLayerConfiguration conf = tutorialModel();
        assertEquals(400, ((DenseLayer) conf.getConf(4).getLayer()).getNIn(), "nIn inferred from the Reduce layer");
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3, 32, 32);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        assertArrayEquals(new long[] {8, 10}, net.output(x).shape());
        net.fit(x, labels);
        double first = net.score();
        for (int i = 0; i < 30; i++) {
            net.fit(x, labels);
        }
        assertTrue(net.score() < first, "loss " + first + " -> " + net.score());

        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(conf.toJson());
        ReduceLayer restoredLayer = (ReduceLayer) fromJson.getConf(3).getLayer();
        assertEquals("b c (h 2) (w 2) -> b (c h w)", restoredLayer.getPattern());
        assertEquals("max", restoredLayer.getReduction());

        File file = new File(dir, "model.zip");
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file);
        assertEquals(net.output(x), restored.output(x));
        ReduceLayer fromZip = (ReduceLayer) restored.getLayerWiseConfigurations().getConf(3).getLayer();
        assertEquals("b c (h 2) (w 2) -> b (c h w)", fromZip.getPattern(), "the einops layer comes back from the zip");
    }

    @Test
    void worksInAComputationGraphWithEinMix(@TempDir File dir) throws Exception {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-3))
                .graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(4).build(), "in")
                .addLayer("pool", new ReduceLayer("b c (h 2) (w 2) -> b c h w", "max"), "conv")
                .addLayer("tokens", new RearrangeLayer("b c h w -> b c (h w)"), "pool")
                .addLayer("mix", new EinMixLayer("b c t -> b d t", "c d", "d", Map.of("c", 4, "d", 6)), "tokens")
                .addLayer("flat", new RearrangeLayer("b d t -> b (d t)"), "mix")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3)
                        .activation(Activation.IDENTITY).build(), "flat")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(10, 10, 2))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        assertEquals(4 * 6 + 6, graph.getLayer("mix").numParams(), "weight [c, d] and bias [d]");
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, 10, 10);
        INDArray y = Nd4j.rand(DataType.FLOAT, 5, 3);
        assertArrayEquals(new long[] {5, 3}, graph.outputSingle(x).shape());
        graph.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        double first = graph.score();
        for (int i = 0; i < 30; i++) {
            graph.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        }
        assertTrue(graph.score() < first, "loss " + first + " -> " + graph.score());
        ComputationGraphConfiguration fromJson = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf.toJson(), fromJson.toJson());
        File file = new File(dir, "graph.zip");
        ModelSerializer.writeModel(graph, file, true);
        assertEquals(graph.outputSingle(x), ModelSerializer.restoreComputationGraph(file).outputSingle(x));
    }
}
