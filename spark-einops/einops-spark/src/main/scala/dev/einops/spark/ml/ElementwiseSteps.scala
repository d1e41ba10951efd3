package dev.einops.spark.ml

import dev.einops.Einops
import dev.einops.internal.parse.{AxisGroup, NamedAxis, Pattern}
import dev.einops.nd4j.{Nd4jBackend, Nd4jTypes}
import dev.einops.spark.tensor.TensorColumnType
import dev.einops.spark.transform.{BatchPattern, BlockStep}
import dev.einops.types.{DTypeFamily, EinopsException}

import org.nd4j.linalg.api.ndarray.INDArray
import org.nd4j.linalg.factory.Nd4j

import scala.jdk.CollectionConverters._

/** Each element squared, on a block: what [[EinopsNormalizer]] averages to find variances. */
private[ml] final class SquareStep extends BlockStep {
  override def outputType(input: TensorColumnType): TensorColumnType = floating(input, "square")
  override def readShape(input: TensorColumnType): Array[Long] = input.shape()
  override def apply(block: INDArray, backend: Nd4jBackend, engineMemory: Boolean): INDArray =
    if (engineMemory) block.muli(block) else block.mul(block)
  override def name(): String = "square"
  override def pattern(): String = ""
  override def label(): String = "square"
  override def axesLengths(): java.util.Map[String, java.lang.Long] = java.util.Map.of()
  override def describe(): String = "square"
  override def equals(o: Any): Boolean = o.isInstanceOf[SquareStep]
  override def hashCode(): Int = 1

  private[ml] def floating(input: TensorColumnType, what: String): TensorColumnType = {
    if (input.elementType().family() != DTypeFamily.FLOATING) {
      throw new EinopsException(s"$what needs floating tensors, but the column has $input")
    }
    input
  }
}

/**
 * `(x - mean) / std` on a block, the statistics broadcast along the axes a statistics pattern
 * reduces (`b c h w -> c`: one mean and std per channel).
 *
 * @param statistics the pattern the statistics were computed with, row axis first; its input side
 *                   names plain axes, its output side the axes the statistics vary along
 */
private[ml] final class NormalizeStep(statistics: String, mean: Array[Double], std: Array[Double], shape: Array[Long])
  extends BlockStep {

  /** The statistics' pattern for a block: each input axis that they do not vary along becomes a unit axis. */
  private val broadcast: String = {
    val parsed = Pattern.parse(statistics)
    val kept = parsed.right().identifiers().asScala.toSet
    val left = parsed.left().composition().asScala.map { g: AxisGroup =>
      val axes = g.axes().asScala
      if (g.parenthesized() || axes.size != 1 || !axes.head.isInstanceOf[NamedAxis]) {
        throw new EinopsException(s"statistics for normalising must name plain axes, but $g is a composition")
          .withContext("normalisation", statistics, null, java.util.Map.of())
      }
      if (kept.contains(axes.head)) axes.head.toString else "1"
    }
    parsed.right().text().trim + " -> " + left.mkString(" ")
  }
  BatchPattern.parse(statistics)

  override def outputType(input: TensorColumnType): TensorColumnType = new SquareStep().floating(input, "normalising")

  override def readShape(input: TensorColumnType): Array[Long] = input.shape()

  override def apply(block: INDArray, backend: Nd4jBackend, engineMemory: Boolean): INDArray = {
    val m = Einops.rearrange(Nd4j.create(mean, shape, org.nd4j.linalg.api.buffer.DataType.DOUBLE), broadcast)
      .castTo(block.dataType())
    val s = Einops.rearrange(Nd4j.create(std, shape, org.nd4j.linalg.api.buffer.DataType.DOUBLE), broadcast)
      .castTo(block.dataType())
    (if (engineMemory) block.subi(m) else block.sub(m)).divi(s)
  }

  override def name(): String = "einops_normalize"
  override def pattern(): String = statistics
  override def label(): String = "normalisation"
  override def axesLengths(): java.util.Map[String, java.lang.Long] = java.util.Map.of()
  override def describe(): String = s"normalisation by '$statistics' statistics"
}
