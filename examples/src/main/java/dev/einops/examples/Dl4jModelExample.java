package dev.einops.examples;

import dev.einops.dl4j.RearrangeLayer;
import dev.einops.dl4j.ReduceLayer;
import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The einops tutorial's convolutional network in DL4J: pooling and flattening are einops layers
 * ({@code ReduceLayer} and {@code RearrangeLayer} from einops-dl4j), whose output types DL4J infers
 * for the next layer (the dense layer's 320 inputs are not written anywhere). The network is
 * trained a few steps on generated 28x28 images of ten classes (a bright stripe whose height is the
 * class, on noise), printing the loss; then saved with {@code ModelSerializer} to a temporary file,
 * restored, and checked to give the same output. A global average pooling layer would be
 * {@code new ReduceLayer("b c h w -> b c", "mean")}.
 *
 * <p>Run it from the repository root (a shell command, not Java):
 * <pre>
 * mvn -B -ntp -Pjob -DskipTests verify -pl examples -am -Djob.mainClass=dev.einops.examples.Dl4jModelExample
 * </pre>
 */
public final class Dl4jModelExample {
    private Dl4jModelExample() {
    }

    public static void main(String[] args) throws Exception {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).updater(new Adam(0.003)).activation(Activation.IDENTITY)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(10).build())          // [b, 10, 24, 24]
                .layer(new ReduceLayer("b c (h 2) (w 2) -> b c h w", "max"))      // [b, 10, 12, 12]
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).build())          // [b, 20, 8, 8]
                .layer(new ReduceLayer("b c (h 2) (w 2) -> b c h w", "max"))      // [b, 20, 4, 4]
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new RearrangeLayer("b c h w -> b (c h w)"))                // [b, 320]
                .layer(new DenseLayer.Builder().nOut(50).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // the shapes DL4J inferred; the einops layers run as CorrectedSameDiffLayer, a SameDiff layer of einops-dl4j
        System.out.println(net.summary(InputType.convolutional(28, 28, 1)));

        DataSet data = generatedImages(64);
        for (int step = 1; step <= 20; step++) {
            net.fit(data);
            if (step == 1 || step % 5 == 0) {
                System.out.printf("step %2d: loss %.4f%n", step, net.score());
            }
        }

        INDArray images = data.getFeatures().get(NDArrayIndex.interval(0, 10));
        INDArray labels = data.getLabels().get(NDArrayIndex.interval(0, 10));
        INDArray output = net.output(images);
        System.out.println("classes of the first 10 images: " + Arrays.toString(Nd4j.argMax(labels, 1).toIntVector()));
        System.out.println("predicted classes:              " + Arrays.toString(Nd4j.argMax(output, 1).toIntVector()));

        File file = File.createTempFile("einops-tutorial-model", ".zip");
        try {
            ModelSerializer.writeModel(net, file, true);
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file);
            INDArray restoredOutput = restored.output(images);
            System.out.println("saved to " + file + " (" + file.length() + " bytes) and restored");
            System.out.println("output of the restored model for the first image: " + restoredOutput.getRow(0));
            boolean same = restoredOutput.equals(output);
            System.out.println("the restored model gives the same output: " + same);
            if (!same) {
                throw new IllegalStateException("the restored model's output differs: " + restoredOutput);
            }
        } finally {
            Files.deleteIfExists(file.toPath());
        }
    }

    /** {@code n} noisy images [1, 28, 28]; image i is of class i % 10: a bright stripe at a height set by its class. */
    private static DataSet generatedImages(int n) {
        Nd4j.getRandom().setSeed(7);
        INDArray images = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28).muli(0.5);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            int digit = i % 10;
            images.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.interval(2 * digit + 4, 2 * digit + 8),
                    NDArrayIndex.all()).assign(1);
            labels.putScalar(i, digit, 1);
        }
        return new DataSet(images, labels);
    }
}
