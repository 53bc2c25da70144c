package orgraph;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Local Neo4j Community DBMS for development and tests (no Docker).
 *
 * <p>Usage: {@code Neo4jLocal <home-dir> <bolt-port>}. The directory becomes the
 * DBMS home: store files under {@code <dir>/data}, debug log under {@code <dir>/logs}.
 * Bolt listens on 127.0.0.1 only, with authentication disabled. Prints
 * {@code READY bolt://127.0.0.1:<port>} on stdout once the default database is
 * available, then blocks until the JVM is asked to stop (SIGTERM/SIGINT), at
 * which point a shutdown hook shuts the DBMS down cleanly.
 */
public final class Neo4jLocal {
    private static final String HOST = "127.0.0.1";
    private static final long AVAILABLE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);

    private Neo4jLocal() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: orgraph.Neo4jLocal <data-dir> <bolt-port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        int port;
        try {
            port = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            System.err.println("invalid bolt port: " + args[1]);
            System.exit(2);
        }

        DatabaseManagementService managementService;
        try {
            managementService = build(home, port);
        } catch (Throwable t) {
            System.err.println("failed to start Neo4j: " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean shutDown = new AtomicBoolean(false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (shutDown.compareAndSet(false, true)) {
                System.out.println("STOPPING");
                System.out.flush();
                try {
                    managementService.shutdown();
                } catch (Throwable t) {
                    t.printStackTrace();
                }
                System.out.println("STOPPED");
                System.out.flush();
            }
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        GraphDatabaseService graphDb = managementService.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!graphDb.isAvailable(AVAILABLE_TIMEOUT_MS)) {
            System.err.println("database '" + GraphDatabaseSettings.DEFAULT_DATABASE_NAME
                    + "' did not become available within " + AVAILABLE_TIMEOUT_MS + " ms");
            System.exit(1); // runs the shutdown hook
        }

        System.out.println("READY bolt://" + HOST + ":" + port);
        System.out.flush();

        stopped.await();
    }

    private static DatabaseManagementService build(Path home, int port) {
        return new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"))
                // Network: Bolt on loopback only, no HTTP(S).
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnector.thread_pool_max_size, 50)
                // Netty's graceful-shutdown quiet period (default 5 s, paid twice)
                // dominates stop time; databases are already checkpointed by then.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Loopback-only developer/test instance: no authentication.
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Modest memory: the box is shared with the test suite.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(512))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.mebiBytes(256))
                // Keep the transaction log footprint small.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // A bookmark the database has not reached is refused after 2 s, not 60 (the
                // server waits twice this, measured): a forged one cannot hold a request
                // (queries/neo4j/bookmarks.py, BOOKMARK_WAIT).
                .setConfig(GraphDatabaseSettings.bookmark_ready_timeout, Duration.ofSeconds(1))
                .build();
    }
}
