package dev.einops.spark.transform;

/**
 * Where a DataFrame verb's pattern puts the row axis (the first axis of its input side, which
 * stands for the DataFrame's rows): that decides how the pattern runs on a cluster.
 *
 * <pre>{@code
 * BatchPattern.parse("b c h w -> b h w c").kind();                       // PER_ROW
 * BatchPattern.parse("b c (h p) (w q) -> (b h w) c p q").kind();         // EXPLODE
 * BatchPattern.parse("b c h w -> c").kind();                             // AGGREGATE
 * BatchPattern.parse("t c h w -> c t h w").kind();                       // STACK
 * }</pre>
 */
public enum RowAxisKind {
    /** First and alone on the output: each row maps to one row ({@code b c h w -> b h w c}). */
    PER_ROW,
    /** First inside an output composition that it leads: each row gives several rows. */
    EXPLODE,
    /** Absent from the output: reduced across rows. */
    AGGREGATE,
    /** Anywhere else on the output: the rows are stacked into one tensor, in a given order. */
    STACK
}
