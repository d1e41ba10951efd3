package dev.einops.spark

import dev.einops.Einops
import dev.einops.spark.catalyst.EinopsStrategy
import dev.einops.spark.implicits._

import org.apache.spark.sql.classic
import org.nd4j.linalg.api.buffer.DataType
import org.scalatest.funsuite.AnyFunSuite

import scala.jdk.CollectionConverters._

/** The Scala surface: `import dev.einops.spark.implicits._` and the verbs on a DataFrame. */
class ImplicitsSuite extends AnyFunSuite {
  private lazy val spark = SparkTestSession.get()

  test("einRearrange, einReduce and einRepeat are the verbs of SparkEinops") {
    val x = SparkAssertions.tensor(DataType.FLOAT, 6, 3, 4, 4)
    val images = SparkEinops.fromArray(spark, x, "image", 2)
    SparkAssertions.assertTensors(Einops.rearrange(x, "b c h w -> b h w c"),
      images.einRearrange("image", "b c h w -> b h w c"), "image")
    SparkAssertions.assertTensors(Einops.reduce(x, "b c (h 2) (w 2) -> b c h w", "max"),
      images.einReduce("image", "b c (h 2) (w 2) -> b c h w", "max"), "image")
    SparkAssertions.assertTensors(Einops.repeat(x, "b c h w -> b c (h 2) (w 2)"),
      images.einRepeat("image", "b c h w -> b c (h 2) (w 2)"), "image")
  }

  test("axis lengths are a Scala map") {
    val x = SparkAssertions.tensor(DataType.DOUBLE, 5, 24)
    val flat = SparkEinops.fromArray(spark, x, "pixels", 2, tensor.TensorEncoding.FLAT)
    SparkAssertions.assertTensors(Einops.rearrange(x, "b (c h w) -> b h w c", Map("c" -> 3, "h" -> 2).map {
      case (k, v) => k -> Integer.valueOf(v) }.asJava), flat.einRearrange("pixels", "b (c h w) -> b h w c",
      Map("c" -> 3L, "h" -> 2L)), "pixels")
  }

  test("a session built with EinopsExtensions plans einops steps as blocks from the start") {
    spark.sparkContext // the running context, which the new session shares
    val session = classic.SparkSession.builder()
      .withExtensions(new EinopsExtensions()).create()
    assert(session.sessionState.planner.strategies.count(_ == EinopsStrategy) == 1)
    val df = SparkEinops.fromArray(session, SparkAssertions.tensor(DataType.FLOAT, 4, 2, 3), "t", 1)
    df.einRearrange("t", "b x y -> b y x").collect()
    assert(session.sessionState.planner.strategies.count(_ == EinopsStrategy) == 1, "installed once, not twice")
    SparkAssertions.assertNoBlockMemory()
  }
}
