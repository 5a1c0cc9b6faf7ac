package org.hotline.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests. Each call of {@link #freshDatabase()} creates a new, empty
 * database on it and returns that database's JDBC URL.
 *
 * <p>If {@value #VARIABLE} is set (a JDBC URL of a database on a server where its user may
 * {@code CREATE DATABASE}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}),
 * that server is used: {@code .ci/run} starts Debian's PostgreSQL and sets it. The databases made
 * there are dropped when the JVM exits. Otherwise an embedded PostgreSQL (zonky, from Maven jars)
 * is started once per test JVM on a free loopback port and stopped when the JVM exits.
 */
public final class PostgresServer {
    public static final String VARIABLE = "HOTLINE_TEST_POSTGRES_URL";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    /** {@code jdbc:postgresql://HOSTS/DATABASE?PARAMETERS}: the database is what each call replaces. */
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^/?]*)(\\?.*)?");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;

    private PostgresServer() {}

    /** The JDBC URL of a new, empty database, which nothing else uses. */
    public static synchronized String freshDatabase() throws SQLException {
        if (server == null) {
            String external = System.getenv(VARIABLE);
            server = external == null || external.isBlank() ? Embedded.start() : External.connect(external.strip());
        }
        String name = "hotline_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        return server.create(name);
    }

    private interface Server {
        /** Creates the database {@code name} and returns its JDBC URL. */
        String create(String name) throws SQLException;
    }

    private static final class Embedded implements Server {
        private final EmbeddedPostgres postgres;

        private Embedded(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        static Embedded start() throws SQLException {
            EmbeddedPostgres postgres;
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting; the server's own shutdown hook cleans up too
                }
            }));
            Embedded embedded = new Embedded(postgres);
            LOG.info("PostgreSQL for tests: embedded {} on port {} ({} not set)", embedded.version(), postgres.getPort(), VARIABLE);
            return embedded;
        }

        private String version() throws SQLException {
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                return PostgresServer.version(connection);
            }
        }

        @Override
        public String create(String name) throws SQLException {
            try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        }
    }

    private static final class External implements Server {
        private final String adminUrl;
        private final String prefix;
        private final String parameters;
        private final List<String> created = new ArrayList<>();

        private External(String adminUrl, String prefix, String parameters) {
            this.adminUrl = adminUrl;
            this.prefix = prefix;
            this.parameters = parameters;
        }

        static External connect(String url) throws SQLException {
            Matcher matcher = URL.matcher(url);
            if (!matcher.matches()) {
                throw new IllegalStateException(VARIABLE + " must look like jdbc:postgresql://HOST:PORT/DATABASE?user=USER, got '"
                        + masked(url) + "'");
            }
            External external = new External(url, matcher.group(1), matcher.group(3) == null ? "" : matcher.group(3));
            String version;
            try (Connection connection = DriverManager.getConnection(url)) {
                version = version(connection);
            } catch (SQLException e) {
                throw new SQLException("cannot reach the PostgreSQL server named by " + VARIABLE + " (" + masked(url) + "): "
                        + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(external::dropAll));
            LOG.info("PostgreSQL for tests: external {} at {} (from {})", version, masked(url), VARIABLE);
            return external;
        }

        @Override
        public synchronized String create(String name) throws SQLException {
            try (Connection connection = DriverManager.getConnection(adminUrl); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            created.add(name);
            return prefix + name + parameters;
        }

        /** Best effort: the server outlives this JVM, so leave it as we found it. */
        private synchronized void dropAll() {
            try (Connection connection = DriverManager.getConnection(adminUrl); Statement statement = connection.createStatement()) {
                for (String database : created) {
                    statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                }
            } catch (SQLException e) {
                System.err.println("PostgresServer: could not drop the test databases " + created + ": " + e.getMessage());
            }
        }
    }

    private static String version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); var result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return "PostgreSQL " + result.getString(1);
        }
    }

    private static String masked(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }
}
