package dev.einops.spark.catalyst

import dev.einops.spark.EinopsConf
import dev.einops.spark.exec.BlockSettings

import org.apache.spark.sql.catalyst.expressions.{AttributeReference, AttributeSet, NamedExpression}
import org.apache.spark.sql.catalyst.plans.logical.{Generate, LogicalPlan, Project}
import org.apache.spark.sql.execution.{ProjectExec, SparkPlan, SparkStrategy}
import org.apache.spark.sql.internal.SQLConf

import scala.collection.mutable

/**
 * Plans every projection that computes einops steps as a block operator under a projection, as
 * Spark lifts Python UDFs out of projections: each outermost einops step (with the consecutive steps
 * under it, which run in the same pass) becomes a column of an [[EinopsBlockExec]], and the
 * projection refers to that column instead. The child is planned with only the columns needed, so
 * scans still read only those.
 *
 * Without this strategy (or outside projections) the steps still run, row by row.
 */
object EinopsStrategy extends SparkStrategy {
  override def apply(plan: LogicalPlan): Seq[SparkPlan] = plan match {
    case Project(projectList, child) if projectList.exists(_.exists(_.isInstanceOf[EinopsTransform])) =>
      val chains = mutable.ArrayBuffer[EinopsTransform]()
      val results = mutable.ArrayBuffer[AttributeReference]()
      val rewritten = projectList.map { e =>
        e.transformDown {
          case t: EinopsTransform =>
            val existing = chains.indexWhere(_.semanticEquals(t))
            if (existing >= 0) {
              results(existing)
            } else {
              val result = AttributeReference(s"einops_${results.size}", t.dataType, nullable = true)()
              chains += t
              results += result
              result
            }
        }.asInstanceOf[NamedExpression]
      }
      val produced = AttributeSet(results)
      val kept = AttributeSet(rewritten.flatMap(_.references)) -- produced
      val passThrough = child.output.filter(kept.contains)
      val needed = kept ++ AttributeSet(chains.flatMap(_.references))
      val input = if (child.output.forall(needed.contains)) child else Project(child.output.filter(needed.contains), child)
      ProjectExec(rewritten, EinopsBlockExec(chains.toSeq, results.toSeq, passThrough, settings(), planLater(input))) :: Nil
    case g @ Generate(e: EinopsExplode, _, outer, _, generatorOutput, child) =>
      EinopsExplodeExec(e, g.requiredChildOutput, outer, generatorOutput, settings(), planLater(child)) :: Nil
    case _ => Nil
  }

  private[catalyst] def settings(): BlockSettings =
    EinopsConf.blockSettings((key: String, default: String) => SQLConf.get.getConfString(key, default))
}
