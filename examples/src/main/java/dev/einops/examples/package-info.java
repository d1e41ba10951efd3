/**
 * Runnable examples, each a class with a {@code main} that needs no arguments:
 * {@link Tutorial} (the einops deep-learning tutorial on ND4J, and its gradient check on SameDiff)
 * and {@link SqlExample} (the einops SQL functions on a local Spark session).
 */
package dev.einops.examples;
