/**
 * einops on Spark: {@link SparkEinops} has the DataFrame verbs, whose pattern starts with the row
 * axis ({@code b c h w -> b h w c}), and moves tensors between ND4J arrays on the driver and
 * DataFrame rows; {@link functions} has the column functions, whose pattern describes one row's
 * tensor; {@link EinopsConf} holds the typed settings ({@code spark.einops.*}); {@link ErrorMode} is
 * what a query does with a malformed row. The Scala implicits and the session extension
 * ({@code EinopsExtensions}) live beside them in Scala. For users of Spark; the subpackages are the
 * machinery behind these calls.
 *
 * <p>The path of one call, {@code SparkEinops.rearrange(df, "image", "b c h w -> b h w c")}:
 * <ol>
 *   <li>the call is parsed and checked once into a {@code transform.CompiledCall} (kind, per-row and
 *       block patterns built from the parsed axes, lengths, reduction), wrapped in a step
 *       ({@code RowTransform}, {@code ExplodeTransform} or {@code BatchTransform});</li>
 *   <li>the step becomes a Catalyst expression ({@code catalyst.EinopsTransform}; every function's
 *       name, rules and builder are in {@code catalyst.EinopsRegistry}, which {@link functions} and the
 *       SQL catalog read), typed at analysis from the column's type and shape;</li>
 *   <li>the rule {@code ExtractEinopsBlocks} lifts consecutive steps out of the projection into an
 *       {@code EinopsBlock} node that carries them; {@code EinopsStrategy} reads the block settings
 *       and plans it as {@code EinopsBlockExec} (the installer, {@code PlannerInstaller}, is called
 *       by the entry points only);</li>
 *   <li>on the executors, {@code exec.BlockPass} fills a block of rows (one copy of each tensor into
 *       the block of its shape), runs the chain once per block and shape, writes the results in
 *       Spark's binary format ({@code UnsafeLayoutWriter}), and the projection above copies each
 *       into its output row; malformed rows are counted in the operator's SQL metric.</li>
 * </ol>
 */
package dev.einops.spark;
