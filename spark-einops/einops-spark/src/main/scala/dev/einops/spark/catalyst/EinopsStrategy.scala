package dev.einops.spark.catalyst

import dev.einops.spark.EinopsConf
import dev.einops.spark.exec.BlockSettings

import org.apache.spark.sql.catalyst.expressions.Attribute
import org.apache.spark.sql.catalyst.plans.logical.{Generate, LogicalPlan, Project}
import org.apache.spark.sql.execution.{ProjectExec, SparkPlan, SparkStrategy}

/**
 * Plans the einops logical nodes: an [[EinopsBlock]] (lifted out of a projection by
 * [[ExtractEinopsBlocks]]) as an [[EinopsBlockExec]], and an einops explode as an
 * [[EinopsExplodeExec]].
 *
 * [[PlannerInstaller]] installs it together with the rule; a session with neither runs the steps row by
 * row inside projections.
 */
object EinopsStrategy extends SparkStrategy {
  override def apply(plan: LogicalPlan): Seq[SparkPlan] = plan match {
    // the projection the steps were lifted from copies each result into its output row: the block hands it its
    // rows as they are, pointing into the block's memory, rather than copying them once more
    case Project(projectList, EinopsBlock(chains, results, passThrough, child))
        if !projectList.forall(_.isInstanceOf[Attribute]) =>
      ProjectExec(projectList, EinopsBlockExec(chains, results, passThrough, settings(), projected = true,
        planLater(child))) :: Nil
    case EinopsBlock(chains, results, passThrough, child) =>
      EinopsBlockExec(chains, results, passThrough, settings(), projected = false, planLater(child)) :: Nil
    case g @ Generate(e: EinopsExplode, _, outer, _, generatorOutput, child) =>
      EinopsExplodeExec(e, g.requiredChildOutput, outer, generatorOutput, settings(), planLater(child)) :: Nil
    case _ => Nil
  }

  /** The block settings, read from the configuration of the query being planned. */
  private[catalyst] def settings(): BlockSettings =
    EinopsConf.blockSettings(EinopsConf.planning())
}
