/**
 * The native memory of the block operator, all from Arrow allocators: {@link EinopsMemory} holds
 * the process-wide root allocator and its limit ({@code spark.einops.memory.limit}),
 * {@link TaskMemory} the allocator of one task attempt, closed when the task ends, and
 * {@link Slab} a growable run of memory that one block's inputs or outputs are written into. Not
 * for users: the block operator uses it.
 */
package dev.einops.spark.memory;
