package dev.einops.spark.catalyst

import dev.einops.spark.exec.{BlockEvaluator, BlockSettings}
import dev.einops.spark.memory.TaskMemory
import dev.einops.spark.transform.TensorChain

import org.apache.spark.rdd.RDD
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.{Attribute, AttributeSet, BindReferences, Expression, UnsafeProjection}
import org.apache.spark.sql.execution.{SparkPlan, UnaryExecNode}
import org.apache.spark.sql.einops.SparkInternals
import org.apache.spark.sql.execution.metric.SQLMetric

import scala.jdk.CollectionConverters._

/**
 * The physical operator that evaluates einops steps on blocks of rows, as Spark's
 * `ArrowEvalPythonExec` does for Python UDFs but without leaving the JVM: each task gathers its
 * rows into Arrow-allocated blocks, runs every block through the engine once per step, and gives the
 * rows back in order, the pass-through columns followed by one result column per chain.
 *
 * @param chains      per result column, the steps and the expression giving its input
 * @param resultAttrs the result columns
 * @param passThrough the child's columns the output keeps
 * @param projected   whether a projection above copies the rows anyway: then they are handed on as they are,
 *                    the results pointing into the block's memory, and each result is copied into its output row
 *                    once, by that projection
 */
case class EinopsBlockExec(
    chains: Seq[EinopsTransform],
    resultAttrs: Seq[Attribute],
    passThrough: Seq[Attribute],
    settings: BlockSettings,
    projected: Boolean,
    child: SparkPlan) extends UnaryExecNode {

  override def output: Seq[Attribute] = passThrough ++ resultAttrs

  override def producedAttributes: AttributeSet = AttributeSet(resultAttrs)

  override lazy val metrics: Map[String, SQLMetric] = BlockOperatorMetrics.create(sparkContext, "null results")

  override def simpleString(maxFields: Int): String = {
    val steps = chains.zip(resultAttrs).map { case (t, a) => s"${t.chainWithInput.chain} AS $a" }
    s"EinopsBlock [${steps.mkString(", ")}], ${settings.rows()} rows / ${settings.bytes()} bytes per block"
  }

  override protected def doExecute(): RDD[InternalRow] = {
    val childOutput = child.output
    val inputs = chains.map(_.chainWithInput)
    val boundInputs: Array[Expression] = inputs.map(i => BindReferences.bindReference(i.input, childOutput)).toArray
    val tensorChains: Array[TensorChain] = inputs.map(_.chain).toArray
    val columns: Array[String] = inputs.map(_.column).toArray
    val modes = inputs.map(_.mode).toArray
    val pass = passThrough
    val resultTypes = resultAttrs
    val blockSettings = settings
    val unsafeOutput = !projected
    val numOutputRows = longMetric("numOutputRows")
    val reporter = BlockOperatorMetrics.reporter(this)
    SparkInternals.mapPartitions(child.execute(), (rows: Iterator[InternalRow]) => {
      val passProjection = UnsafeProjection.create(pass, childOutput)
      val outProjection = if (unsafeOutput) UnsafeProjection.create(pass ++ resultTypes, pass ++ resultTypes) else null
      val evaluator = new BlockEvaluator(rows.asJava, boundInputs, tensorChains, columns, passProjection,
        outProjection, blockSettings, modes, reporter, TaskMemory.forCurrentTask())
      evaluator.asScala.map { row => numOutputRows += 1; row }
    })
  }

  override protected def withNewChildInternal(newChild: SparkPlan): EinopsBlockExec = copy(child = newChild)
}
