package dev.einops.spi;

import dev.einops.types.EinopsException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds the backend for a tensor by its runtime class: the providers listed through
 * {@link ServiceLoader} are matched against the class, its superclasses and its interfaces,
 * nearest first. The answer is cached per class.
 *
 * <pre>{@code
 * Backend<INDArray> backend = Backends.forTensor(Nd4j.zeros(2, 3));
 * backend.name();   // nd4j
 * }</pre>
 */
public final class Backends {
    private static final List<BackendProvider> PROVIDERS = ServiceLoader.load(BackendProvider.class,
            Backends.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
    private static final ConcurrentHashMap<BackendProvider, Backend<?>> CREATED = new ConcurrentHashMap<>();
    private static final ClassValue<Backend<?>> BY_CLASS = new ClassValue<>() {
        @Override
        protected Backend<?> computeValue(Class<?> type) {
            return find(type);
        }
    };

    private Backends() {
    }

    /**
     * The backend for {@code tensor}.
     *
     * @throws EinopsException when the tensor is null or no backend handles its type
     */
    @SuppressWarnings("unchecked")
    public static <T> Backend<T> forTensor(T tensor) {
        if (tensor == null) {
            throw new EinopsException("Tensor is null");
        }
        return (Backend<T>) BY_CLASS.get(tensor.getClass());
    }

    /**
     * The backend that creates tensors when no tensor says which: the provider of highest
     * {@linkplain BackendProvider#priority() priority}.
     *
     * @throws EinopsException when no backend is on the class path
     */
    public static Backend<?> defaultBackend() {
        BackendProvider best = PROVIDERS.stream().max(java.util.Comparator.comparingInt(BackendProvider::priority))
                .orElseThrow(() -> new EinopsException("No einops backend on the class path (add einops-nd4j)"));
        return CREATED.computeIfAbsent(best, BackendProvider::create);
    }

    /** The names of all tensor types some backend on the class path handles. */
    public static Set<String> supportedTypeNames() {
        return PROVIDERS.stream().flatMap(p -> p.tensorTypeNames().stream()).collect(Collectors.toSet());
    }

    private static Backend<?> find(Class<?> type) {
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (!seen.add(c)) {
                continue;
            }
            for (BackendProvider provider : PROVIDERS) {
                if (provider.tensorTypeNames().contains(c.getName())) {
                    return CREATED.computeIfAbsent(provider, BackendProvider::create);
                }
            }
            if (c.getSuperclass() != null) {
                queue.add(c.getSuperclass());
            }
            queue.addAll(List.of(c.getInterfaces()));
        }
        throw new EinopsException("No einops backend for tensors of type " + type.getName()
                + "; backends on the class path handle " + (PROVIDERS.isEmpty() ? "nothing (add einops-nd4j)"
                : supportedTypeNames().stream().sorted().collect(Collectors.joining(", "))));
    }
}
