package dev.einops.spark.catalyst

import dev.einops.spark.exec.{BlockSettings, ExplodeEvaluator}
import dev.einops.spark.memory.TaskMemory

import org.apache.spark.rdd.RDD
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.{Attribute, AttributeSet, BindReferences, UnsafeProjection}
import org.apache.spark.sql.einops.SparkInternals
import org.apache.spark.sql.execution.{SparkPlan, UnaryExecNode}
import org.apache.spark.sql.execution.metric.SQLMetric

import scala.jdk.CollectionConverters._

/**
 * The physical operator of an [[EinopsExplode]]: each task explodes its rows on blocks, keeping the
 * input order and, within a row, the order of the exploded axes.
 */
case class EinopsExplodeExec(
    generator: EinopsExplode,
    requiredChildOutput: Seq[Attribute],
    outer: Boolean,
    generatorOutput: Seq[Attribute],
    settings: BlockSettings,
    child: SparkPlan) extends UnaryExecNode {

  override def output: Seq[Attribute] = requiredChildOutput ++ generatorOutput

  override def producedAttributes: AttributeSet = AttributeSet(generatorOutput)

  override lazy val metrics: Map[String, SQLMetric] = BlockOperatorMetrics.create(sparkContext, "no output")

  override def simpleString(maxFields: Int): String =
    s"EinopsExplode [${generator.chainWithInput.chain}${if (outer) ", outer" else ""}] AS " +
      s"${generatorOutput.mkString("[", ", ", "]")}, ${settings.rows()} rows / ${settings.bytes()} bytes per block"

  override protected def doExecute(): RDD[InternalRow] = {
    val childOutput = child.output
    val in = generator.chainWithInput
    val chain = in.chain
    val bound = BindReferences.bindReference(in.input, childOutput)
    val column = in.column
    val explode = generator.explode
    val indices = generator.indices
    val mode = generator.mode
    val isOuter = outer
    val pass = requiredChildOutput
    val generated = generatorOutput
    val blockSettings = settings
    val numOutputRows = longMetric("numOutputRows")
    val reporter = BlockOperatorMetrics.reporter(this)
    SparkInternals.mapPartitions(child.execute(), (rows: Iterator[InternalRow]) => {
      val passProjection = UnsafeProjection.create(pass, childOutput)
      val outProjection = UnsafeProjection.create(pass ++ generated, pass ++ generated)
      val evaluator = new ExplodeEvaluator(rows.asJava, bound, chain, explode, column, isOuter, indices,
        passProjection, outProjection, blockSettings, mode, reporter, TaskMemory.forCurrentTask())
      evaluator.asScala.map { row => numOutputRows += 1; row }
    })
  }

  override protected def withNewChildInternal(newChild: SparkPlan): EinopsExplodeExec = copy(child = newChild)
}
