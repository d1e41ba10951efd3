/**
 * The einops layers as DL4J layers for {@code MultiLayerNetwork} and {@code ComputationGraph}:
 * {@link RearrangeLayer}, {@link ReduceLayer} and the trainable {@link EinMixLayer}, with output
 * types inferred for the next layer ({@link InputTypes}) and JSON and {@code ModelSerializer}
 * round trips. For users of DL4J; the rest of the package corrects the gradient that DL4J
 * 1.0.0-M2.1 doubles in every SameDiff layer.
 */
package dev.einops.dl4j;
