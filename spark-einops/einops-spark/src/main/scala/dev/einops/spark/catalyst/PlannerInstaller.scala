package dev.einops.spark.catalyst

import org.apache.spark.sql.{SparkSession, SparkSessionExtensions}
import org.apache.spark.sql.{classic => classicSql}

/**
 * Installs einops' optimizer rule (which lifts einops steps out of projections into blocks) and its
 * planner strategy in a session: through `SparkSessionExtensions` when the session is built, or on
 * first use of the DataFrame API (`SparkEinops`, `functions`) in a session built without it. Nothing
 * else installs it.
 */
object PlannerInstaller {
  /** Adds the block rule and strategy to `extensions`. */
  def inject(extensions: SparkSessionExtensions): Unit = {
    // after the operator optimisations, so that projections are collapsed and pruned first
    extensions.injectPreCBORule(_ => ExtractEinopsBlocks)
    extensions.injectPlannerStrategy(_ => EinopsStrategy)
  }

  /** Makes sure `session` plans einops steps as blocks; idempotent and thread-safe. */
  def install(session: SparkSession): Unit = session match {
    case s: classicSql.SparkSession => s.synchronized {
      // the rule and the strategy are always installed together, so the strategy tells for both
      if (!s.sessionState.planner.strategies.contains(EinopsStrategy)) {
        s.experimental.extraOptimizations = s.experimental.extraOptimizations :+ ExtractEinopsBlocks
        s.experimental.extraStrategies = s.experimental.extraStrategies :+ EinopsStrategy
        s.listenerManager.register(MalformedRowsWarning)
      }
    }
    case _ => // Spark Connect: the server's session decides its own extensions
  }

  /** Installs the planner in the active session, if there is one. */
  def installActive(): Unit = SparkSession.getActiveSession.orElse(SparkSession.getDefaultSession).foreach(install)
}
