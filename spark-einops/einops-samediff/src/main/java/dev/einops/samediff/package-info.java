/**
 * The SameDiff backend: einops on {@code SDVariable}s, found through {@code ServiceLoader} once
 * this module is on the class path ({@link SameDiffBackend}, registered by
 * {@link SameDiffBackendProvider}). Every einops call adds differentiable ops to the variable's
 * graph, and lengths known only when the graph runs (a placeholder's batch axis of -1) are
 * computed inside the graph. Users call {@link dev.einops.Einops} and never this backend directly.
 * Built on {@link dev.einops.spi}, {@link dev.einops.types} and the ND4J backend
 * (a graph's values are ND4J arrays), with no use of the engine's internals.
 */
package dev.einops.samediff;
