/**
 * einops for the JVM: the calls users make. {@link Einops} rearranges, reduces and repeats tensors
 * by pattern, and has {@code parseShape}, {@code einsum}, {@code pack} and {@code unpack};
 * {@link Tensors} converts tensors to and from Java arrays; {@link Packed} is what {@code pack}
 * returns. Start here.
 *
 * <p>The types these calls take and give live below this package: the exception every rejected
 * call throws, reductions and element types in {@link dev.einops.types}, and the host copy of a
 * tensor in {@link dev.einops.spi}. The engine behind the calls, in {@code dev.einops.internal},
 * is not API.
 *
 * <p>This package is the top of einops-core: it uses every other package of the module, and none
 * of them uses it.
 */
package dev.einops;
