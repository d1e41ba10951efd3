/**
 * The service provider interface: what a tensor library implements so that einops runs on its
 * tensors. A backend implements {@link Backend} (a dozen primitive operations on one tensor type)
 * and plugs in through a {@link BackendProvider} listed in
 * {@code META-INF/services/dev.einops.spi.BackendProvider}; {@link Backends} finds the backend of
 * a tensor. A backend reads a tensor into a {@link HostArray}, and a backend of graph tensors
 * receives the lengths known only at run time as {@link SymbolicDim}s.
 *
 * <p>For backend authors; users meet {@code HostArray} as what
 * {@link dev.einops.Tensors#toHost(Object)} returns. This package uses only
 * {@link dev.einops.types}: a backend needs nothing of the engine's internals. einops-nd4j and
 * einops-samediff implement it.
 */
package dev.einops.spi;
