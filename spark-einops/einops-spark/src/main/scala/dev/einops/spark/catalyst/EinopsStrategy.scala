package dev.einops.spark.catalyst

import dev.einops.spark.EinopsConf
import dev.einops.spark.exec.BlockSettings

import org.apache.spark.sql.catalyst.plans.logical.{Generate, LogicalPlan}
import org.apache.spark.sql.execution.{SparkPlan, SparkStrategy}
import org.apache.spark.sql.internal.SQLConf

/**
 * Plans the einops logical nodes: an [[EinopsBlock]] (lifted out of a projection by
 * [[ExtractEinopsBlocks]]) as an [[EinopsBlockExec]], and an einops explode as an
 * [[EinopsExplodeExec]].
 *
 * [[EinopsSession]] installs it together with the rule; a session with neither runs the steps row by
 * row inside projections.
 */
object EinopsStrategy extends SparkStrategy {
  override def apply(plan: LogicalPlan): Seq[SparkPlan] = plan match {
    case EinopsBlock(chains, results, passThrough, child) =>
      EinopsBlockExec(chains, results, passThrough, settings(), planLater(child)) :: Nil
    case g @ Generate(e: EinopsExplode, _, outer, _, generatorOutput, child) =>
      EinopsExplodeExec(e, g.requiredChildOutput, outer, generatorOutput, settings(), planLater(child)) :: Nil
    case _ => Nil
  }

  private[catalyst] def settings(): BlockSettings =
    EinopsConf.blockSettings((key: String, default: String) => SQLConf.get.getConfString(key, default))
}
