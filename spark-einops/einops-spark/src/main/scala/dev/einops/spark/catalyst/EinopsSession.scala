package dev.einops.spark.catalyst

import org.apache.spark.sql.{SparkSession, SparkSessionExtensions}
import org.apache.spark.sql.{classic => classicSql}

/**
 * Installs einops' planner strategy in a session: through `SparkSessionExtensions` when the session
 * is built, or on first use of the DataFrame API in a session built without it.
 */
object EinopsSession {
  /** Adds the block strategy to `extensions`. */
  def inject(extensions: SparkSessionExtensions): Unit = extensions.injectPlannerStrategy(_ => EinopsStrategy)

  /** Makes sure `session` plans einops steps as blocks; idempotent and thread-safe. */
  def install(session: SparkSession): Unit = session match {
    case s: classicSql.SparkSession => s.synchronized {
      if (!s.sessionState.planner.strategies.contains(EinopsStrategy)) {
        s.experimental.extraStrategies = s.experimental.extraStrategies :+ EinopsStrategy
      }
    }
    case _ => // Spark Connect: the server's session decides its own extensions
  }

  /** Whether the active session (if any) is a classic one, which takes Catalyst expressions from the client. */
  def classic(): Boolean =
    SparkSession.getActiveSession.orElse(SparkSession.getDefaultSession).forall(_.isInstanceOf[classicSql.SparkSession])

  /** The active session, installed; None outside any session. */
  def active(): Option[SparkSession] = {
    val session = SparkSession.getActiveSession.orElse(SparkSession.getDefaultSession)
    session.foreach(install)
    session
  }
}
