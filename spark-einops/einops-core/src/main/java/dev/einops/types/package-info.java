/**
 * The vocabulary that users, backends and the engine share: {@link EinopsException}, the one
 * exception every rejected call throws; the built-in reductions ({@link Reduction}) and custom
 * ones ({@link Reducer}); element types ({@link ElementType}, {@link DTypeFamily}) and the rules
 * that give a reduction's result type ({@link ReductionRules}).
 *
 * <p>For everyone: users catch the exception and name reductions, backends and Spark columns
 * follow the typing rules. This package uses no other package of einops, so that every other
 * package may use it.
 */
package dev.einops.types;
