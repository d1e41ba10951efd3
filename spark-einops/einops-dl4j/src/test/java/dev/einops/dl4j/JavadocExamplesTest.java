package dev.einops.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.einops.Einops;
import dev.einops.testkit.JavadocSnippets;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every Javadoc example of einops-dl4j, run as written (between the {@code example} markers) with
 * its comments' claims asserted after it; {@link SwapLayer} is the example of
 * {@link PatternLambdaLayer}.
 */
class JavadocExamplesTest {
    @Test
    void everyExampleOfDl4jIsCopiedIntoATest() {
        JavadocSnippets.assertEveryExampleMirrored(Path.of("src/main/java"), Path.of("src/test/java"));
    }

    @Test
    void patternLambdaLayer() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new SwapLayer())
                .layer(new RnnOutputLayer.Builder().nOut(4).build())
                .setInputType(InputType.recurrent(3, 6)).build();
        assertEquals(conf.toJson(), MultiLayerConfiguration.fromJson(conf.toJson()).toJson(), "DL4J's JSON round trip");
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 6);
        assertEquals(Einops.rearrange(x, "b c t -> b t c"), net.feedForward(x).get(1), "the layer swaps the axes");
    }

    @Test
    void inputTypes() {
        // example: InputTypes
        InputTypes.shapeOf(InputType.convolutional(32, 32, 3));   // [-1, 3, 32, 32]
        InputTypes.typeOf(new long[] {-1, 400});                   // InputType.feedForward(400)
        // end example
        assertArrayEquals(new long[] {-1, 3, 32, 32}, InputTypes.shapeOf(InputType.convolutional(32, 32, 3)));
        assertEquals(InputType.feedForward(400), InputTypes.typeOf(new long[] {-1, 400}));
    }

    @Test
    void reduceLayer() {
        // example: ReduceLayer
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).build())         // [b, 16, 10, 10]
                .layer(new ReduceLayer("b c (h 2) (w 2) -> b (c h w)", "max"))   // 2x2 max-pooling, then flatten
                .layer(new DenseLayer.Builder().nOut(120).build())                // nIn = 400, inferred
                .layer(new OutputLayer.Builder().nOut(10).build())
                .setInputType(InputType.convolutional(14, 14, 3)).build();
        // end example
        assertEquals(400, ((DenseLayer) conf.getConf(2).getLayer()).getNIn());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 14, 14);
        java.util.List<INDArray> activations = net.feedForward(x);
        assertArrayEquals(new long[] {2, 16, 10, 10}, activations.get(1).shape());
        assertEquals(Einops.reduce(activations.get(1), "b c (h 2) (w 2) -> b (c h w)", "max"), activations.get(2));
    }

    @Test
    void rearrangeLayer() {
        // example: RearrangeLayer
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new RearrangeLayer("b c h w -> b (c h w)"))
                .layer(new DenseLayer.Builder().nOut(120).build())      // nIn = 3 * 8 * 8, inferred
                .layer(new OutputLayer.Builder().nOut(10).build())
                .setInputType(InputType.convolutional(8, 8, 3)).build();
        // end example
        assertEquals(3 * 8 * 8, ((DenseLayer) conf.getConf(1).getLayer()).getNIn());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
        assertEquals(x.reshape(2, 192), net.feedForward(x).get(1));
    }

    @Test
    void einMixLayer() {
        // example: EinMixLayer
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new EinMixLayer("b c t -> b d t", "c d", "d", Map.of("c", 64, "d", 32)))   // a 1x1 convolution over time
                .layer(new RnnOutputLayer.Builder().nOut(5).build())
                .setInputType(InputType.recurrent(64, 100)).build();
        // end example
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertEquals(64 * 32 + 32, net.getLayer(0).numParams(), "weight [c, d] and bias [d]");
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 64, 100);
        INDArray mixed = net.feedForward(x).get(1);
        assertArrayEquals(new long[] {2, 32, 100}, mixed.shape());
        INDArray weight = net.getLayer(0).getParam("W");
        INDArray bias = net.getLayer(0).getParam("b");
        INDArray want = Einops.einsum("b c t, c d -> b d t", x, weight.reshape(64, 32))
                .add(Einops.rearrange(bias.reshape(32), "d -> 1 d 1"));
        assertEquals(true, want.equalsWithEps(mixed, 1e-4), "the same weight for every time step");
    }
}
