package dev.einops.dl4j;

import dev.einops.types.EinopsException;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * DL4J's activation types as einops shapes and back: the minibatch axis is the first, of length
 * -1 (known only at run time).
 *
 * <pre>{@code
 * InputTypes.shapeOf(InputType.convolutional(32, 32, 3));   // [-1, 3, 32, 32]
 * InputTypes.typeOf(new long[] {-1, 400});                   // InputType.feedForward(400)
 * }</pre>
 */
public final class InputTypes {
    private InputTypes() {
    }

    /** The activation shape of {@code type}, batch first as -1. */
    public static long[] shapeOf(InputType type) {
        if (type instanceof InputType.InputTypeFeedForward ff) {
            return new long[] {-1, ff.getSize()};
        }
        if (type instanceof InputType.InputTypeRecurrent rnn) {
            long t = rnn.getTimeSeriesLength() > 0 ? rnn.getTimeSeriesLength() : -1;
            return rnn.getFormat() == RNNFormat.NWC ? new long[] {-1, t, rnn.getSize()} : new long[] {-1, rnn.getSize(), t};
        }
        if (type instanceof InputType.InputTypeConvolutional cnn) {
            return cnn.getFormat() == CNN2DFormat.NHWC
                    ? new long[] {-1, cnn.getHeight(), cnn.getWidth(), cnn.getChannels()}
                    : new long[] {-1, cnn.getChannels(), cnn.getHeight(), cnn.getWidth()};
        }
        if (type instanceof InputType.InputTypeConvolutional3D cnn) {
            return new long[] {-1, cnn.getChannels(), cnn.getDepth(), cnn.getHeight(), cnn.getWidth()};
        }
        if (type instanceof InputType.InputTypeConvolutionalFlat flat) {
            return new long[] {-1, flat.getFlattenedSize()};
        }
        throw new EinopsException("einops layers take feed-forward, recurrent or convolutional activations, not " + type);
    }

    /**
     * The activation type of a shape: rank 2 feed-forward, 3 recurrent ({@code [batch, size, time]}),
     * 4 convolutional ({@code [batch, channels, height, width]}), 5 3-D convolutional.
     *
     * @throws EinopsException when the first axis is not the minibatch or the rank has no type
     */
    public static InputType typeOf(long[] shape) {
        if (shape.length < 2 || shape[0] != -1) {
            throw new EinopsException("The output of an einops layer must keep the minibatch as its first axis, "
                    + "got shape " + Arrays.toString(shape));
        }
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 0 && !(shape.length == 3 && i == 2)) {
                throw new EinopsException("Only the time axis of a recurrent activation may have an unknown length, "
                        + "got shape " + Arrays.toString(shape));
            }
        }
        return switch (shape.length) {
            case 2 -> InputType.feedForward(shape[1]);
            case 3 -> shape[2] < 0 ? InputType.recurrent(shape[1]) : InputType.recurrent(shape[1], shape[2]);
            case 4 -> InputType.convolutional(shape[2], shape[3], shape[1]);
            case 5 -> InputType.convolutional3D(shape[2], shape[3], shape[4], shape[1]);
            default -> throw new EinopsException("No DL4J activation type has rank " + shape.length + ": "
                    + Arrays.toString(shape));
        };
    }
}
