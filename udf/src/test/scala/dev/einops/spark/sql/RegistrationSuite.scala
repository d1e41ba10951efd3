package dev.einops.spark.sql

import dev.einops.spark.SparkTestSession
import dev.einops.spark.catalyst.EinopsStrategy

import org.apache.spark.sql.classic
import org.scalatest.funsuite.AnyFunSuite

/** Both ways of registering the SQL functions, each in a fresh session sharing the test's Spark context. */
class RegistrationSuite extends AnyFunSuite {
  private lazy val context = SparkTestSession.get().sparkContext

  private def fresh(): classic.SparkSession = {
    context
    classic.SparkSession.builder().create()
  }

  test("EinopsSparkSessionExtensions registers every function and the block planner when a session is built") {
    context
    val session = classic.SparkSession.builder().withExtensions(new EinopsSparkSessionExtensions()).create()
    assert(session.sql("SELECT einops_rearrange(array(array(1, 2)), 'h w -> w h')").first().get(0).toString ==
      "ArraySeq(ArraySeq(1), ArraySeq(2))")
    assert(session.sessionState.planner.strategies.count(_ == EinopsStrategy) == 1)
    EinopsCatalog.functions.foreach(f => assert(session.catalog.functionExists(f.name), f.name))
  }

  test("EinopsFunctions.register adds them to a session that exists") {
    val session = fresh()
    assert(!session.catalog.functionExists("einops_rearrange"))
    EinopsFunctions.register(session)
    assert(session.sql("SELECT einops_reduce(array(array(1, 2), array(3, 4)), 'h w -> w', 'sum')").first().get(0)
      .toString == "ArraySeq(4, 6)")
    assert(session.sessionState.planner.strategies.count(_ == EinopsStrategy) == 1)
  }
}
