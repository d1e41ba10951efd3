package dev.einops.spark.memory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.TaskContext;

/**
 * The Arrow allocator of one task attempt, and the resources that hold its memory. It is made on
 * first use in a task and closed by a task-completion listener when the task ends, succeeded or
 * failed: first every registered resource (last registered first), then the allocator, which is
 * then empty. Outside a task (an expression folded on the driver), {@link #open(String)} gives a
 * scope to close yourself.
 *
 * <pre>{@code
 * try (TaskMemory memory = TaskMemory.open("driver-work")) {   // TaskMemory.forCurrentTask() inside a task
 *     ArrowBuf buf = memory.allocator().buffer(1 << 20);
 *     memory.register(buf::close);                            // released before the allocator closes
 * }
 * }</pre>
 */
public final class TaskMemory implements AutoCloseable {
    private static final Map<Long, TaskMemory> BY_ATTEMPT = new ConcurrentHashMap<>();

    private final BufferAllocator allocator;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private boolean closed;

    private TaskMemory(String name) {
        this.allocator = EinopsMemory.root().newChildAllocator(name, 0, Long.MAX_VALUE);
    }

    /** A scope of its own, for work outside a task; the caller closes it. */
    public static TaskMemory open(String name) {
        return new TaskMemory(name);
    }

    /**
     * The memory of the task running on this thread, made on first use and closed when the task
     * completes.
     *
     * @throws IllegalStateException outside a Spark task
     */
    public static TaskMemory forCurrentTask() {
        TaskContext context = TaskContext.get();
        if (context == null) {
            throw new IllegalStateException("not inside a Spark task");
        }
        long attempt = context.taskAttemptId();
        TaskMemory existing = BY_ATTEMPT.get(attempt);
        if (existing != null) {
            return existing;
        }
        TaskMemory memory = new TaskMemory("einops-task-" + attempt);
        BY_ATTEMPT.put(attempt, memory);
        context.addTaskCompletionListener(ctx -> {
            BY_ATTEMPT.remove(attempt);
            memory.close();
        });
        return memory;
    }

    /**
     * {@code work} with the allocator of the task running on this thread, or, outside a task (on the
     * driver), with a scope of its own that is closed when the work returns: for short-lived memory
     * whose owner has no scope to give.
     */
    public static <T> T withAllocator(String name, java.util.function.Function<BufferAllocator, T> work) {
        if (TaskContext.get() != null) {
            return work.apply(forCurrentTask().allocator());
        }
        try (TaskMemory own = open(name)) {
            return work.apply(own.allocator());
        }
    }

    /** The task's allocator. */
    public BufferAllocator allocator() {
        return allocator;
    }

    /** Closes {@code resource} when the scope closes, before the allocator. */
    public synchronized void register(AutoCloseable resource) {
        if (closed) {
            throw new IllegalStateException("the task's memory is already closed");
        }
        resources.push(resource);
    }

    /** Closes the registered resources, then the allocator; closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("releasing a block's memory failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        try {
            allocator.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
