package dev.einops.spark.catalyst

import dev.einops.spark.exec.BlockMetrics

import org.apache.spark.SparkContext
import org.apache.spark.sql.execution.QueryExecution
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanHelper
import org.apache.spark.sql.util.QueryExecutionListener
import org.apache.spark.util.AccumulatorV2
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

  /** Reports to `plan`'s metrics and `reason`: made on the driver, it travels with the tasks. */
  def reporter(plan: SparkPlan, reason: FirstReason): BlockMetrics =
    Reporter(plan.longMetric("blocks"), plan.longMetric("malformedRows"), reason)

  /** A new accumulator of the first malformed row's message, registered with `sparkContext`. */
  def firstReason(sparkContext: SparkContext): FirstReason = {
    val reason = new FirstReason
    sparkContext.register(reason, "first malformed row")
    reason
  }

  private case class Reporter(blocksMetric: SQLMetric, malformedMetric: SQLMetric, reason: FirstReason)
    extends BlockMetrics {
    override def blocks(n: Long): Unit = blocksMetric.add(n)

    override def malformedRows(n: Long): Unit = malformedMetric.add(n)

    override def malformedReason(message: String): Unit = reason.add(message)
  }
}

/** Keeps the first message added (or merged): why the first malformed row of a query gave null. */
private[catalyst] class FirstReason extends AccumulatorV2[String, String] {
  private var first: String = _

  override def isZero: Boolean = first == null

  override def copy(): FirstReason = { val c = new FirstReason; c.first = first; c }

  override def reset(): Unit = first = null

  override def add(v: String): Unit = if (first == null) first = v

  override def merge(other: AccumulatorV2[String, String]): Unit = add(other.value)

  override def value: String = first
}

/**
 * Logs one warning on the driver per query whose block operators gave malformed rows null
 * (PERMISSIVE mode): how many, and why the first one was malformed, so that a query of all NULLs
 * does not pass in silence.
 */
private[catalyst] object MalformedRowsWarning extends QueryExecutionListener with AdaptiveSparkPlanHelper {
  private val log = org.slf4j.LoggerFactory.getLogger("dev.einops.spark.MalformedRows")

  override def onSuccess(funcName: String, qe: QueryExecution, durationNs: Long): Unit = {
    val found = collect(qe.executedPlan) {
      case b: EinopsBlockExec => (b.longMetric("malformedRows").value, Option(b.firstMalformed.value))
      case e: EinopsExplodeExec => (e.longMetric("malformedRows").value, Option(e.firstMalformed.value))
    }
    val count = found.map(_._1).sum
    if (count > 0) {
      log.warn(s"einops: $count malformed rows gave NULL (spark.einops.mode=PERMISSIVE); the first: " +
        found.flatMap(_._2).headOption.getOrElse("(no reason recorded)"))
    }
  }

  override def onFailure(funcName: String, qe: QueryExecution, exception: Exception): Unit = ()
}
