/**
 * The Spark benchmarks (issue 13): a small harness of its own, not JMH, that times Spark jobs on a
 * {@code local[2]} session against their floors and peers in the same run and writes the "## Spark"
 * section of BENCHMARKS.md. Compiled as test sources under {@code -Pbench}, where Spark is on the
 * class path; run with {@code -Pbench -Dbench.spark=true}.
 */
package dev.einops.bench.spark;
