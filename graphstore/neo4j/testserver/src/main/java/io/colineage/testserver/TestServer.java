package io.colineage.testserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.configuration.ssl.ClientAuth;
import org.neo4j.configuration.ssl.SslPolicyConfig;
import org.neo4j.configuration.ssl.SslPolicyScope;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j Community server with only the Bolt connector, on
 * 127.0.0.1, and keeps it running until the process is killed.
 *
 * <pre>
 * java [JVM flags] -jar target/testserver.jar --port 7687 --home run/data [--password secret]
 *      [--pagecache-mb 192] [--tls-dir DIR]
 * </pre>
 *
 * With --tls-dir, Bolt requires TLS with the PEM files DIR/private.key
 * (PKCS#8, unencrypted) and DIR/public.crt; clients are not asked for
 * certificates.
 *
 * Without --password, authentication is disabled. With it, the neo4j user's
 * password is set on the system database (again on every start, so a home
 * directory can be reused). SIGTERM shuts the database down cleanly; SIGKILL
 * leaves it to recovery on the next start, which is what the fault test of
 * graphstore/neo4j exercises.
 */
public final class TestServer {
    private TestServer() {}

    public static void main(String[] args) throws Exception {
        int port = 7687;
        Path home = Path.of("run", "data");
        String password = null;
        long pageCacheMb = 192;
        Path tlsDir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--port" -> port = Integer.parseInt(v);
                case "--home" -> home = Path.of(v);
                case "--password" -> password = v.isEmpty() ? null : v;
                case "--pagecache-mb" -> pageCacheMb = Long.parseLong(v);
                case "--tls-dir" -> tlsDir = v.isEmpty() ? null : Path.of(v).toAbsolutePath();
                default -> usage("unknown argument " + a);
            }
        }

        if (password != null && password.length() < 8) {
            usage("Neo4j wants a password of at least 8 characters");
        }

        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home.toAbsolutePath());
        if (tlsDir != null) {
            SslPolicyConfig ssl = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
            builder.setConfig(ssl.enabled, true)
                    .setConfig(ssl.base_directory, tlsDir)
                    .setConfig(ssl.private_key, tlsDir.resolve("private.key"))
                    .setConfig(ssl.public_certificate, tlsDir.resolve("public.crt"))
                    .setConfig(ssl.trusted_dir, tlsDir.resolve("trusted"))
                    .setConfig(ssl.revoked_dir, tlsDir.resolve("revoked"))
                    .setConfig(ssl.client_auth, ClientAuth.NONE);
        }
        DatabaseManagementService dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(BoltConnector.encryption_level, tlsDir != null
                        ? BoltConnector.EncryptionLevel.REQUIRED : BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Keep the disk small: rotate transaction logs at 64 MiB and
                // drop them at checkpoints, which come every minute.
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.check_point_interval_time, Duration.ofMinutes(1))
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "testserver-shutdown"));

        try {
            if (password != null) {
                setPassword(dbms, password);
            }
            // Touch the default database so start-up errors surface here.
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            // Neo4j's own threads would keep a failed server alive: exit.
            e.printStackTrace();
            System.exit(1);
        }

        System.out.println("testserver: Neo4j ready on bolt://" + bolt + " home=" + home.toAbsolutePath()
                + " auth=" + (password != null) + " tls=" + (tlsDir != null));
        System.out.flush();
        stopped.await();
    }

    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // A reused home directory already has this password: Neo4j refuses
            // to "change" a password to itself, which is fine here.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static void usage(String why) {
        System.err.println("testserver: " + why);
        System.err.println("usage: --port N --home DIR [--password PW] [--pagecache-mb N] [--tls-dir DIR]");
        System.exit(2);
    }
}
