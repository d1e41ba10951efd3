package dev.einops.spark.catalyst

import dev.einops.spark.exec.BlockMetrics

import org.apache.spark.SparkContext
import org.apache.spark.sql.execution.SparkPlan
import org.apache.spark.sql.execution.metric.{SQLMetric, SQLMetrics}

/**
 * The SQL metrics of the operators that run einops steps on blocks of rows ([[EinopsBlockExec]],
 * [[EinopsExplodeExec]]): output rows, blocks and malformed rows, and the [[BlockMetrics]] that
 * reports a task's blocks and malformed rows to them.
 */
private[catalyst] object BlockOperatorMetrics {

  /** The metrics; `malformed` says what becomes of a malformed row, as the Spark UI shows it. */
  def create(sparkContext: SparkContext, malformed: String): Map[String, SQLMetric] = Map(
    "numOutputRows" -> SQLMetrics.createMetric(sparkContext, "number of output rows"),
    "blocks" -> SQLMetrics.createMetric(sparkContext, "number of einops blocks"),
    "malformedRows" -> SQLMetrics.createMetric(sparkContext, s"number of malformed rows ($malformed)"))

  /** Reports to `plan`'s metrics: made on the driver, it travels with the tasks. */
  def reporter(plan: SparkPlan): BlockMetrics = Reporter(plan.longMetric("blocks"), plan.longMetric("malformedRows"))

  private case class Reporter(blocksMetric: SQLMetric, malformedMetric: SQLMetric) extends BlockMetrics {
    override def blocks(n: Long): Unit = blocksMetric.add(n)

    override def malformedRows(n: Long): Unit = malformedMetric.add(n)
  }
}
