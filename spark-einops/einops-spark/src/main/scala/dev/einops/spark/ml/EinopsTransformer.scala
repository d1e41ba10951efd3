package dev.einops.spark.ml

import dev.einops.spark.SparkEinops

import org.apache.spark.ml.Transformer
import org.apache.spark.ml.param.{Param, ParamMap, Params}
import org.apache.spark.ml.util.{DefaultParamsReadable, DefaultParamsWritable, Identifiable}
import org.apache.spark.sql.{DataFrame, Dataset, SparkSession}
import org.apache.spark.sql.types.StructType
import org.json4s.{DefaultFormats, JObject, JInt}
import org.json4s.jackson.JsonMethods.{compact, parse, render}

import scala.jdk.CollectionConverters._

/** Axis lengths as an ML parameter, saved as a JSON object of names to lengths. */
private[ml] class LengthsParam(parent: Params, name: String, doc: String)
  extends Param[Map[String, Long]](parent, name, doc) {
  override def jsonEncode(value: Map[String, Long]): String =
    compact(render(JObject(value.toList.map { case (k, v) => k -> JInt(v) })))
  override def jsonDecode(json: String): Map[String, Long] = {
    implicit val formats: DefaultFormats.type = DefaultFormats
    parse(json).extract[Map[String, Long]]
  }
}

/** The parameters every einops stage shares. */
private[ml] trait EinopsStageParams extends Params {
  final val inputCol = new Param[String](this, "inputCol", "the tensor column read")
  final val outputCol = new Param[String](this, "outputCol", "the column written (the input column replaced if equal)")
  final val pattern = new Param[String](this, "pattern",
    "an einops pattern whose first axis is the DataFrame's rows, as for SparkEinops: 'b c h w -> b h w c'")
  final val axesLengths = new LengthsParam(this, "axesLengths", "the lengths of axes the tensors alone cannot tell")
  setDefault(axesLengths -> Map.empty[String, Long])

  def getInputCol: String = $(inputCol)
  def getOutputCol: String = $(outputCol)
  def getPattern: String = $(pattern)
  def getAxesLengths: Map[String, Long] = $(axesLengths)

  protected def javaLengths: java.util.Map[String, java.lang.Long] =
    $(axesLengths).map { case (k, v) => k -> java.lang.Long.valueOf(v) }.asJava

  /** The input column copied into the output column (with its metadata), unless they are the same. */
  protected def working(dataset: Dataset[_]): DataFrame = {
    val df = dataset.toDF()
    if ($(outputCol) == $(inputCol)) df else df.withColumn($(outputCol), df.col(s"`${$(inputCol)}`"))
  }

  /** The schema `transform` gives, found by analysing the transform of no rows: no job runs. */
  protected def schemaOf(schema: StructType, transform: DataFrame => DataFrame): StructType = {
    val spark = SparkSession.active
    transform(spark.createDataFrame(java.util.List.of[org.apache.spark.sql.Row](), schema)).schema
  }
}

/**
 * An einops step as a Spark ML stage: `pattern` (row axis first) applied to `inputCol`, written to
 * `outputCol`, with `operation` rearrange, reduce (and `reduction`) or repeat. It runs exactly as
 * [[SparkEinops]] does: per row on blocks, exploding rows, or across rows, as the pattern says.
 *
 * {{{
 *   val pool = new EinopsTransformer().setInputCol("image").setOutputCol("pooled")
 *     .setPattern("b c (h 2) (w 2) -> b c h w").setOperation("reduce").setReduction("max")
 *   new Pipeline().setStages(Array(pool, ...)).fit(images)
 * }}}
 */
class EinopsTransformer(override val uid: String) extends Transformer with EinopsStageParams
  with DefaultParamsWritable {

  def this() = this(Identifiable.randomUID("einops"))

  final val operation = new Param[String](this, "operation", "rearrange, reduce or repeat",
    (v: String) => Set("rearrange", "reduce", "repeat").contains(v))
  final val reduction = new Param[String](this, "reduction", "for reduce: min, max, sum, mean, prod, any or all")
  setDefault(operation -> "rearrange", reduction -> "")

  def setInputCol(value: String): this.type = set(inputCol, value)
  def setOutputCol(value: String): this.type = set(outputCol, value)
  def setPattern(value: String): this.type = set(pattern, value)
  def setOperation(value: String): this.type = set(operation, value)
  def setReduction(value: String): this.type = set(reduction, value)
  def setAxesLengths(value: Map[String, Long]): this.type = set(axesLengths, value)
  /** Java-friendly: axis lengths from a java.util.Map. */
  def setAxesLengths(value: java.util.Map[String, _ <: Number]): this.type =
    set(axesLengths, value.asScala.map { case (k, v) => k -> v.longValue() }.toMap)
  def getOperation: String = $(operation)
  def getReduction: String = $(reduction)

  override def transform(dataset: Dataset[_]): DataFrame = {
    val df = working(dataset)
    $(operation) match {
      case "rearrange" => SparkEinops.rearrange(df, $(outputCol), $(pattern), javaLengths)
      case "reduce" => SparkEinops.reduce(df, $(outputCol), $(pattern), $(reduction), javaLengths)
      case "repeat" => SparkEinops.repeat(df, $(outputCol), $(pattern), javaLengths)
    }
  }

  override def transformSchema(schema: StructType): StructType = schemaOf(schema, transform)

  override def copy(extra: ParamMap): EinopsTransformer = defaultCopy(extra)
}

object EinopsTransformer extends DefaultParamsReadable[EinopsTransformer]
