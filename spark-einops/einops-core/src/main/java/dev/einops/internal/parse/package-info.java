/**
 * Internal, not API: it may change in any release. The pattern parser, following the reference's
 * {@code einops/parsing.py} rule for rule and message for message: {@link ExpressionParser} reads
 * one side of a {@code left -> right} pattern into a {@link ParsedExpression} of
 * {@link AxisGroup}s, {@link Pattern} a whole pattern; {@link EinsumPattern} and
 * {@link PackPattern} read einsum and pack patterns, {@link AxisNames} has the rules for axis
 * names and {@link ParseShape} is {@code parse_shape} on a plain shape. A rejection is an
 * {@link dev.einops.types.EinopsException} with the reason only; the entry point adds the call.
 *
 * <p>For the engine's own modules: the recipe compiler, and einops-layers and einops-spark, which
 * read patterns themselves. Uses only {@link dev.einops.types}.
 */
package dev.einops.internal.parse;
