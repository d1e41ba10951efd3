package dev.einops.spark.ml

import dev.einops.spark.tensor.{TensorColumnType, TensorEncoding}
import dev.einops.types.{EinopsException, ElementType}

import org.apache.spark.ml.Transformer
import org.apache.spark.ml.param.{IntParam, ParamMap}
import org.apache.spark.ml.util.{DefaultParamsReadable, DefaultParamsWritable, Identifiable}
import org.apache.spark.sql.{Column, DataFrame, Dataset}
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult
import org.apache.spark.sql.catalyst.expressions.{Expression, UnaryExpression}
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback
import org.apache.spark.sql.catalyst.util.ArrayData
import org.apache.spark.sql.einops.SparkInternals
import org.apache.spark.sql.types._

/**
 * Each image of Spark's image struct (`origin, height, width, nChannels, mode, data`: 8-bit BGR,
 * BGRA or grey bytes, row by row) as a flat float tensor `h w c` of RGB values in [0, 1].
 */
private[ml] case class ImageToTensor(child: Expression, size: Int) extends UnaryExpression with CodegenFallback {
  override def dataType: DataType = ArrayType(FloatType, containsNull = false)

  override def nullable: Boolean = true

  override def checkInputDataTypes(): TypeCheckResult = child.dataType match {
    case s: StructType if Set("height", "width", "nChannels", "data").forall(s.fieldNames.contains) =>
      TypeCheckResult.TypeCheckSuccess
    case other => TypeCheckResult.TypeCheckFailure(s"image_to_tensor needs Spark's image struct (origin, height, " +
      s"width, nChannels, mode, data), not ${other.simpleString}")
  }

  @transient private lazy val fields = child.dataType.asInstanceOf[StructType].fieldNames

  override protected def nullSafeEval(input: Any): Any = {
    val image = input.asInstanceOf[org.apache.spark.sql.catalyst.InternalRow]
    val height = image.getInt(fields.indexOf("height"))
    val width = image.getInt(fields.indexOf("width"))
    val channels = image.getInt(fields.indexOf("nChannels"))
    val data = image.getBinary(fields.indexOf("data"))
    if (!Set(1, 3, 4).contains(channels) || data.length != height * width * channels) {
      throw new EinopsException(s"an image of $height x $width with $channels channels must have " +
        s"${height * width * channels} bytes (8-bit grey, BGR or BGRA), not ${data.length}")
    }
    if (size > 0 && (height != size || width != size)) {
      throw new EinopsException(s"the tensorizer's images must be $size x $size (its size), but " +
        s"${origin(image)} is $height x $width: resize them first")
    }
    val out = new Array[Float](height * width * 3)
    var p = 0
    while (p < height * width) {
      val at = p * channels
      if (channels == 1) {
        val v = (data(at) & 0xff) / 255f
        out(3 * p) = v; out(3 * p + 1) = v; out(3 * p + 2) = v
      } else {
        out(3 * p) = (data(at + 2) & 0xff) / 255f
        out(3 * p + 1) = (data(at + 1) & 0xff) / 255f
        out(3 * p + 2) = (data(at) & 0xff) / 255f
      }
      p += 1
    }
    ArrayData.toArrayData(out)
  }

  private def origin(image: org.apache.spark.sql.catalyst.InternalRow): String = {
    val at = fields.indexOf("origin")
    if (at < 0 || image.isNullAt(at)) "an image" else s"'${image.getString(at)}'"
  }

  override def prettyName: String = "image_to_tensor"

  override protected def withNewChildInternal(newChild: Expression): ImageToTensor = copy(child = newChild)
}

/**
 * Turns images of Spark's image struct (what the `image` data source reads) into tensors: RGB values
 * in [0, 1], `h w c`, as a flat float array; with `size` set, every image must be `size x size` and the
 * column records the shape `[size, size, 3]`. The first stage of an image pipeline, before
 * [[EinopsTransformer]]s.
 *
 * {{{
 *   new ImageTensorizer().setInputCol("image").setOutputCol("pixels").setSize(64)
 * }}}
 */
class ImageTensorizer(override val uid: String) extends Transformer with EinopsStageParams with DefaultParamsWritable {
  def this() = this(Identifiable.randomUID("imageTensorizer"))

  final val size = new IntParam(this, "size", "the images' height and width, recorded as the tensors' shape (0: unknown)")
  setDefault(size -> 0, pattern -> "")

  def setInputCol(value: String): this.type = set(inputCol, value)
  def setOutputCol(value: String): this.type = set(outputCol, value)
  def setSize(value: Int): this.type = set(size, value)
  def getSize: Int = $(size)

  override def transform(dataset: Dataset[_]): DataFrame = {
    val df = dataset.toDF()
    val tensor: Column = SparkInternals.column(ImageToTensor(
      org.apache.spark.sql.classic.ColumnConversions.expression(df.col(s"`${$(inputCol)}`")), $(size)))
    val shape: Array[Long] = if ($(size) > 0) Array($(size).toLong, $(size).toLong, 3L) else Array(-1L)
    df.withColumn($(outputCol), tensor)
      .withMetadata($(outputCol), TensorColumnType.of(TensorEncoding.FLAT, ElementType.FLOAT32, shape).metadata())
  }

  override def transformSchema(schema: StructType): StructType = schemaOf(schema, transform)

  override def copy(extra: ParamMap): ImageTensorizer = defaultCopy(extra)
}

object ImageTensorizer extends DefaultParamsReadable[ImageTensorizer]
