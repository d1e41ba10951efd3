package dev.einops.spark.arrow

import org.apache.hadoop.conf.Configuration
import org.apache.hadoop.mapreduce.Job
import org.apache.parquet.hadoop.ParquetOutputFormat
import org.apache.parquet.hadoop.api.WriteSupport.WriteContext
import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.execution.datasources.OutputWriterFactory
import org.apache.spark.sql.execution.datasources.parquet.{ParquetFileFormat, ParquetWriteSupport}
import org.apache.spark.sql.types.StructType

/**
 * Spark's Parquet writer with one addition: the footer's `ARROW:schema` key, given as the write
 * option [[TensorParquetFormat.ArrowSchemaOption]] (base64, see [[ArrowSchemaKey]]). Spark's writer
 * fixes its own `WriteSupport`, whose footer metadata no option extends, so this format swaps in a
 * subclass that adds the key when each file is opened. Everything else, including the footer
 * schema Spark reads back, is Spark's. Used by `SparkEinops.writeTensors`; reading stays `parquet`.
 *
 * {{{
 *   df.write.format(classOf[TensorParquetFormat].getName)
 *     .option(TensorParquetFormat.ArrowSchemaOption, ArrowSchemaKey.encode(arrowSchema)).save(path)
 * }}}
 */
class TensorParquetFormat extends ParquetFileFormat {
  override def prepareWrite(sparkSession: SparkSession, job: Job, options: Map[String, String],
                            dataSchema: StructType): OutputWriterFactory = {
    val factory = super.prepareWrite(sparkSession, job, options, dataSchema)
    options.get(TensorParquetFormat.ArrowSchemaOption).foreach { schema =>
      job.getConfiguration.set(TensorParquetFormat.ArrowSchemaOption, schema)
      ParquetOutputFormat.setWriteSupportClass(job, classOf[TensorWriteSupport])
    }
    factory
  }

  override def toString: String = "Parquet with ARROW:schema"
}

object TensorParquetFormat {
  /** The write option (and Hadoop setting) holding the footer's `ARROW:schema` value. */
  val ArrowSchemaOption = "einops.arrow.schema"
}

/** Spark's Parquet `WriteSupport`, adding the footer's `ARROW:schema` from the Hadoop configuration. */
class TensorWriteSupport extends ParquetWriteSupport {
  override def init(configuration: Configuration): WriteContext = {
    val context = super.init(configuration)
    val metadata = new java.util.HashMap[String, String](context.getExtraMetaData)
    Option(configuration.get(TensorParquetFormat.ArrowSchemaOption)).foreach(metadata.put(ArrowSchemaKey.KEY, _))
    new WriteContext(context.getSchema, metadata)
  }
}
