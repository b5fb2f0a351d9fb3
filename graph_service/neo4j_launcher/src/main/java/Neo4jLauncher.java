import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs an embedded Neo4j 5.26 Community with the Bolt connector on 127.0.0.1 for Nexus.
 *
 * <p>Usage: {@code Neo4jLauncher <home> <port> <pagecache-bytes> <tx-timeout-seconds>}; the
 * password of the {@code neo4j} user comes from {@code NEXUS_NEO4J_PASSWORD} so it never shows
 * up in the process list. Prints {@code NEO4J_READY bolt://127.0.0.1:<port>} once Bolt accepts
 * logins with that password, then blocks; SIGTERM shuts the database down cleanly.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: Neo4jLauncher <home> <port> <pagecache-bytes> <tx-timeout-seconds>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCache = Long.parseLong(args[2]);
        long txTimeout = Long.parseLong(args[3]);
        String password = System.getenv("NEXUS_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEXUS_NEO4J_PASSWORD must be set to at least 8 characters");
            System.exit(2);
        }

        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeout))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

        setInitialPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Sets the password once, on first start; later starts keep whatever the store holds. */
    private static void setInitialPassword(GraphDatabaseService system, String password) {
        boolean changeRequired = system.executeTransactionally(
                "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' "
                        + "RETURN passwordChangeRequired",
                Map.of(),
                result -> result.hasNext() && (Boolean) result.next().get("passwordChangeRequired"));
        if (changeRequired) {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        }
    }
}
