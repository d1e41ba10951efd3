package dev.einops.spark.catalyst

import org.apache.spark.sql.catalyst.expressions.{Attribute, AttributeReference, AttributeSet, NamedExpression}
import org.apache.spark.sql.catalyst.plans.logical.{LogicalPlan, Project, UnaryNode}
import org.apache.spark.sql.catalyst.rules.Rule

import scala.collection.mutable

/**
 * The logical form of [[EinopsBlockExec]]: the einops steps of a projection, lifted out of it so
 * that they run on blocks of rows. Its output is the pass-through columns followed by one result
 * column per chain; the projection above it refers to those columns.
 *
 * It exists in the logical plan (rather than being made up while planning) so that every planning
 * of the same query gives the same plan: adaptive execution re-plans after each stage and adopts
 * any plan that differs, so result columns minted anew on each planning never settle.
 *
 * @param chains      per result column, the steps and the expression giving its input
 * @param results     the result columns, minted once when the steps are lifted
 * @param passThrough the child's columns the output keeps
 */
case class EinopsBlock(
    chains: Seq[EinopsTransform],
    results: Seq[Attribute],
    passThrough: Seq[Attribute],
    child: LogicalPlan) extends UnaryNode {

  override def output: Seq[Attribute] = passThrough ++ results

  override def producedAttributes: AttributeSet = AttributeSet(results)

  override protected def withNewChildInternal(newChild: LogicalPlan): EinopsBlock = copy(child = newChild)
}

/**
 * Lifts the einops steps of every projection into an [[EinopsBlock]] under it, as Spark's
 * `ExtractPythonUDFs` lifts Python UDFs: each outermost einops step (with the consecutive steps under
 * it, which run in the same pass) becomes a result column of the block, and the projection refers to
 * that column instead. The block's child keeps only the columns needed, so scans still read only
 * those. Idempotent: a rewritten projection holds no einops step.
 *
 * Without this rule the steps still run, row by row, inside the projection.
 */
object ExtractEinopsBlocks extends Rule[LogicalPlan] {
  override def apply(plan: LogicalPlan): LogicalPlan = plan.transformUp {
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
      Project(rewritten, EinopsBlock(chains.toSeq, results.toSeq, passThrough, input))
  }
}
