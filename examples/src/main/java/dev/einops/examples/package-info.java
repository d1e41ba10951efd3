/**
 * Runnable examples, each a class with a {@code main} that needs no arguments:
 * {@link Tutorial} (the einops deep-learning tutorial on ND4J, and its gradient check on SameDiff),
 * {@link SqlExample} (the einops SQL functions on a local Spark session) and
 * {@link Dl4jModelExample} (the tutorial's network with einops layers in DL4J, trained, saved and
 * restored).
 */
package dev.einops.examples;
