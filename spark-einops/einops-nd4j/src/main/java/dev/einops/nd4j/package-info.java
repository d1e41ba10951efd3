/**
 * The ND4J backend: einops on {@code INDArray}s, found through {@code ServiceLoader} once this
 * module is on the class path ({@link Nd4jBackend}, registered by {@link Nd4jBackendProvider}).
 * Users call {@link dev.einops.Einops} and never this backend directly; what they may use here is
 * around memory and types: {@link Nd4jMemory} releases results promptly, {@link Nd4jOffHeap} wraps
 * memory someone else owns (an Arrow buffer) without copying, {@link KernelParallelism} bounds the
 * threads of the Java copy and reduction kernels, {@link Nd4jTypes} maps ND4J data types to
 * einops' element types and {@link Nd4jConversions} turns any supported tensor into an ND4J array.
 *
 * <p>The rest is package-private: the strided copy and reduction kernels that keep large copies
 * near the memory-copy floor, ND4J's matrix products and reductions around its quirks, and the
 * pool of released large buffers. Built on {@link dev.einops.spi} and {@link dev.einops.types}
 * only, with no use of the engine's internals.
 */
package dev.einops.nd4j;
