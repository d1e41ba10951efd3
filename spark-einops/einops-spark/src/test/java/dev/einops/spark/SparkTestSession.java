package dev.einops.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of a test JVM, shared by every test class (a JVM has one SparkContext):
 * two worker threads, and up to three attempts per task so that tests can fail a first attempt on
 * purpose. Plain: nothing of einops is registered, as in a user's own session.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {
    }

    /** The session, started on first use and stopped when the JVM exits. */
    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,3]")
                    .appName("einops-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
