/**
 * einops layers as values: {@link Rearrange}, {@link Reduce} and {@link EinMix} (a linear layer
 * written as a pattern), each checked when built, immutable, serializable, and applicable to an
 * ND4J array or inside a SameDiff graph. For users who build models; einops-dl4j wraps these for
 * DL4J networks. Built on the public API, with the engine's parser and recipe compiler to check a
 * layer's patterns once when it is made.
 */
package dev.einops.layers;
