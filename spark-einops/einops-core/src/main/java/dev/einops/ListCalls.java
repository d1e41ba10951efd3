package dev.einops;

import dev.einops.internal.exec.EinsumExecutor;
import dev.einops.internal.exec.PlanExecutor;
import dev.einops.internal.exec.PlanSizes;
import dev.einops.internal.parse.PackPattern;
import dev.einops.internal.recipe.EinsumPlan;
import dev.einops.internal.recipe.Packing;
import dev.einops.internal.recipe.PlanCache;
import dev.einops.spi.Backend;
import dev.einops.spi.Backends;
import dev.einops.types.EinopsException;
import dev.einops.types.TensorSizeLimit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The bodies of einsum, pack and unpack: validate, plan, execute, and add context to rejections. */
final class ListCalls {
    private ListCalls() {
    }

    static <T> T einsum(String pattern, List<T> tensors) {
        long[][] shapes = null;
        try {
            TensorLists<T> list = TensorLists.of(tensors, "einsum needs at least one tensor");
            shapes = list.shapes();
            if (pattern == null) {
                throw new EinopsException("Pattern is null");
            }
            EinsumPlan plan = PlanCache.shared().einsum(pattern, Arrays.asList(shapes));
            Backend<T> backend = list.backend();
            long elementBytes = 0;
            for (T tensor : list.tensors()) {
                elementBytes = Math.max(elementBytes, backend.elementBytes(tensor));
            }
            PlanSizes.check(plan, shapes, elementBytes, backend.sizeLimit(TensorSizeLimit.fromSystemProperties()));
            return EinsumExecutor.execute(plan, list.backend(), list.tensors());
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, "einsum", pattern, EinopsException.describeShapes(shapes), Map.of());
        }
    }

    static <T> Packed<T> pack(List<T> tensors, String pattern) {
        long[][] shapes = null;
        try {
            PackPattern parsed = PackPattern.parse(pattern, "pack");
            TensorLists<T> list = TensorLists.of(tensors, "pack needs at least one tensor");
            shapes = list.shapes();
            Packing.PackLayout layout = Packing.pack(parsed, Arrays.asList(shapes));
            Backend<T> backend = list.backend();
            List<T> parts = new ArrayList<>();
            for (int i = 0; i < shapes.length; i++) {
                T tensor = list.tensors().get(i);
                parts.add(PlanExecutor.reshape(backend, tensor, layout.reshapes().get(i), List.of(tensor)));
            }
            T packed = backend.concat(parts, layout.axis());
            for (int i = 0; i < parts.size(); i++) {
                T part = parts.get(i);
                // a reshape that had to copy made memory of ours; the concatenation owns its own
                if (!backend.sharesStorage(part, list.tensors().get(i)) && !backend.sharesStorage(part, packed)) {
                    backend.release(part);
                }
            }
            return new Packed<>(packed, layout.packedShapes());
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, "pack", pattern, EinopsException.describeShapes(shapes), Map.of());
        }
    }

    static <T> List<T> unpack(T tensor, List<long[]> packedShapes, String pattern) {
        long[] shape = null;
        try {
            PackPattern parsed = PackPattern.parse(pattern, "unpack");
            Backend<T> backend = Backends.forTensor(tensor);
            shape = backend.shape(tensor);
            if (packedShapes == null || packedShapes.stream().anyMatch(java.util.Objects::isNull)) {
                throw new EinopsException("Packed shapes must be a list of shapes, got " + packedShapes);
            }
            Packing.UnpackLayout layout = Packing.unpack(parsed, shape, packedShapes);
            List<T> parts = new ArrayList<>();
            long[] starts = layout.starts();
            long[] ends = layout.ends();
            for (int i = 0; i < starts.length; i++) {
                T slice = backend.slice(tensor, layout.axis(), starts[i], ends[i], 1);
                parts.add(PlanExecutor.reshape(backend, slice, layout.outputShapes().get(i), List.of(slice)));
            }
            return List.copyOf(parts);
        } catch (RuntimeException e) {
            throw EinopsException.inContext(e, "unpack", pattern, shape == null ? null : Arrays.toString(shape),
                    Map.of());
        }
    }
}
