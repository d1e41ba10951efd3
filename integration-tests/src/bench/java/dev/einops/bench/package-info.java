/**
 * The JMH benchmarks behind BENCHMARKS.md (compiled only with {@code -Pbench}): the tutorial's
 * operations on ND4J and SameDiff, einsum, and the per-call cost on tiny tensors, each measured
 * against its floor (a copy of the same bytes) in the same fork; {@link BenchmarkReport} runs them
 * and writes the report.
 */
package dev.einops.bench;
