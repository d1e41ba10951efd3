package dev.einops.spark.ml

import dev.einops.spark.SparkEinops
import dev.einops.spark.catalyst.{EinopsColumns, PlannerInstaller}

import org.apache.spark.ml.{Estimator, Model}
import org.apache.spark.ml.param.{DoubleArrayParam, DoubleParam, IntArrayParam, ParamMap}
import org.apache.spark.ml.util.{DefaultParamsReadable, DefaultParamsWritable, Identifiable}
import org.apache.spark.sql.{DataFrame, Dataset}
import org.apache.spark.sql.types.StructType

/**
 * Fits the mean and standard deviation of a tensor column along the axes a statistics pattern keeps
 * (`b c h w -> c`: per channel, over all rows, heights and widths), each with one reduction across
 * rows on the executors, and yields a model that normalises every row: `(x - mean) / std`.
 *
 * {{{
 *   val normalizer = new EinopsNormalizer().setInputCol("image").setOutputCol("image")
 *     .setPattern("b c h w -> c")
 *   val model = normalizer.fit(images)     // model.getMean: one mean per channel
 *   model.transform(images)
 * }}}
 */
class EinopsNormalizer(override val uid: String) extends Estimator[EinopsNormalizerModel] with EinopsStageParams
  with DefaultParamsWritable {

  def this() = this(Identifiable.randomUID("einopsNormalizer"))

  final val epsilon = new DoubleParam(this, "epsilon", "the smallest standard deviation divided by")
  setDefault(epsilon -> 1e-7)

  def setInputCol(value: String): this.type = set(inputCol, value)
  def setOutputCol(value: String): this.type = set(outputCol, value)
  def setPattern(value: String): this.type = set(pattern, value)
  def setEpsilon(value: Double): this.type = set(epsilon, value)

  override def fit(dataset: Dataset[_]): EinopsNormalizerModel = {
    val df = dataset.toDF()
    val column = $(inputCol)
    val mean = SparkEinops.reduceToArray(df, column, $(pattern), "mean", javaLengths)
    val squares = df.withColumn(column, EinopsColumns.transform(df.col(s"`$column`"), new SquareStep()))
      .withMetadata(column, df.schema(column).metadata)
    val meanSquare = SparkEinops.reduceToArray(squares, column, $(pattern), "mean", javaLengths)
    val m = mean.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble()
    val sq = meanSquare.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble()
    val std = m.indices.map(i => math.max(math.sqrt(math.max(sq(i) - m(i) * m(i), 0)), $(epsilon))).toArray
    val model = new EinopsNormalizerModel(uid).setMean(m).setStd(std).setShape(mean.shape().map(_.toInt))
    copyValues(model.setParent(this))
  }

  override def transformSchema(schema: StructType): StructType =
    schemaOf(schema, df => new EinopsNormalizerModel(uid).setShape(Array.emptyIntArray).setMean(Array.emptyDoubleArray)
      .setStd(Array.emptyDoubleArray).copyValuesFrom(this).transform(df))

  override def copy(extra: ParamMap): EinopsNormalizer = defaultCopy(extra)
}

object EinopsNormalizer extends DefaultParamsReadable[EinopsNormalizer]

/** What [[EinopsNormalizer]] fitted: the statistics, and the normalisation of every row with them. */
class EinopsNormalizerModel(override val uid: String) extends Model[EinopsNormalizerModel] with EinopsStageParams
  with DefaultParamsWritable {

  final val mean = new DoubleArrayParam(this, "mean", "the fitted means, in C order")
  final val std = new DoubleArrayParam(this, "std", "the fitted standard deviations, in C order")
  final val shape = new IntArrayParam(this, "shape", "the statistics' shape: the pattern's output side")

  def setMean(value: Array[Double]): this.type = set(mean, value)
  def setStd(value: Array[Double]): this.type = set(std, value)
  def setShape(value: Array[Int]): this.type = set(shape, value)
  def getMean: Array[Double] = $(mean)
  def getStd: Array[Double] = $(std)
  def getShape: Array[Int] = $(shape)

  private[ml] def copyValuesFrom(normalizer: EinopsNormalizer): this.type = {
    normalizer.extractParamMap().toSeq.foreach(pair => if (hasParam(pair.param.name)) set(getParam(pair.param.name),
      pair.value))
    this
  }

  override def transform(dataset: Dataset[_]): DataFrame = {
    val df = working(dataset)
    val step = new NormalizeStep($(pattern), $(mean), $(std), $(shape).map(_.toLong))
    val column = $(outputCol)
    PlannerInstaller.install(df.sparkSession)
    val out = df.withColumn(column, EinopsColumns.transform(df.col(s"`$column`"), step))
    out.withMetadata(column, df.schema(column).metadata)
  }

  override def transformSchema(schema: StructType): StructType = schemaOf(schema, transform)

  override def copy(extra: ParamMap): EinopsNormalizerModel = copyValues(new EinopsNormalizerModel(uid), extra)
}

object EinopsNormalizerModel extends DefaultParamsReadable[EinopsNormalizerModel]
