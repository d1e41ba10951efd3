/**
 * Runnable examples, each a class with a {@code main} that needs no arguments:
 * {@link Tutorial} (the einops deep-learning tutorial on ND4J, and its gradient check on SameDiff),
 * {@link SqlExample} (the einops SQL functions on a local Spark session),
 * {@link Dl4jModelExample} (the tutorial's network with einops layers in DL4J, trained, saved and
 * restored) and {@link PipelineExample} (one pipeline of einops layers on a DataFrame and, on the
 * driver, as a SameDiff graph with gradients).
 */
package dev.einops.examples;
