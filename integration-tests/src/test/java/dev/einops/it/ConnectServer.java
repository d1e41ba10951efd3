package dev.einops.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect server in the test JVM, started as an operator starts one: the Connect plugin and
 * einops' SQL extension in the session's configuration, on a free local port.
 */
final class ConnectServer implements AutoCloseable {
    private final SparkSession session;
    private final int port;

    private ConnectServer(SparkSession session, int port) {
        this.session = session;
        this.port = port;
    }

    static ConnectServer start() {
        int port = freePort();
        SparkSession session = org.apache.spark.sql.classic.SparkSession.builder().master("local[2]")
                .appName("einops-connect-server").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
                .config("spark.connect.grpc.binding.address", "127.0.0.1")
                .config("spark.connect.grpc.binding.port", String.valueOf(port))
                .config("spark.sql.extensions", "dev.einops.spark.sql.EinopsSparkSessionExtensions")
                .getOrCreate();
        return new ConnectServer(session, port);
    }

    /** The address a client connects to: {@code sc://127.0.0.1:port}. */
    String url() {
        return "sc://127.0.0.1:" + port;
    }

    /** A new Connect client session of this server, in this JVM. */
    SparkSession client() {
        return org.apache.spark.sql.connect.SparkSession.builder().remote(url()).create();
    }

    @Override
    public void close() {
        session.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
