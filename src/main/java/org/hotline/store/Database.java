package org.hotline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hotline.crypto.SecretFiles;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the station's database from a JDBC URL and brings its schema up to date with Flyway.
 * SQLite runs in WAL mode with full fsync on commit: an entry that was acknowledged is on disk.
 */
public final class Database {
    public enum Dialect {
        SQLITE("BLOB"),
        POSTGRESQL("BYTEA");

        /** The column type for exact bytes: the one place where the dialects' SQL differs. */
        private final String binaryType;

        Dialect(String binaryType) {
            this.binaryType = binaryType;
        }

        public static Dialect of(String jdbcUrl) {
            if (jdbcUrl.startsWith("jdbc:sqlite:")) {
                return SQLITE;
            }
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new IllegalArgumentException("store URL must start with jdbc:sqlite: or jdbc:postgresql:, got '" + jdbcUrl + "'");
        }
    }

    /** Below this much free space a failure to open SQLite is reported as a full disk. */
    private static final long LOW_SPACE_BYTES = 1024 * 1024;

    private Database() {}

    public static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    public static HikariDataSource open(String jdbcUrl) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("hotline-store");
        switch (dialect) {
            case SQLITE -> {
                prepareSqliteFile(jdbcUrl);
                SQLiteConfig sqlite = new SQLiteConfig();
                sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
                sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
                sqlite.setBusyTimeout(30_000);
                sqlite.enforceForeignKeys(true);
                SQLiteDataSource source = new SQLiteDataSource(sqlite);
                source.setUrl(jdbcUrl);
                config.setDataSource(source);
                config.setMaximumPoolSize(4);
            }
            case POSTGRESQL -> {
                config.setJdbcUrl(jdbcUrl);
                config.setMaximumPoolSize(8);
                // A node that dies mid-transaction (high availability) must not hold its row locks for
                // hours: the server drops silent clients in seconds and idle open transactions in a minute.
                config.setConnectionInitSql("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2;"
                        + " SET tcp_keepalives_count = 3; SET idle_in_transaction_session_timeout = '60s'");
            }
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw diagnosed(jdbcUrl, dialect, e);
        }
        try {
            migrate(dataSource, dialect);
        } catch (RuntimeException e) {
            dataSource.close();
            throw diagnosed(jdbcUrl, dialect, e);
        }
        return dataSource;
    }

    /** The database and its WAL files are 0600 whatever the umask: they hold every transcript and token hash. */
    private static void prepareSqliteFile(String jdbcUrl) {
        String file = sqliteFile(jdbcUrl);
        if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:")) {
            return; // in-memory or URI forms: no file of ours to prepare
        }
        try {
            SecretFiles.prepareDatabase(Path.of(file).toAbsolutePath());
        } catch (IOException e) {
            // A full or read-only folder: SQLite fails next, and diagnosed() says which and where.
        }
    }

    private static String sqliteFile(String jdbcUrl) {
        return jdbcUrl.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", "");
    }

    /**
     * SQLite says "disk I/O error" for a full or read-only disk at start-up; the operator at 3 a.m.
     * needs to hear which, and where.
     */
    private static RuntimeException diagnosed(String jdbcUrl, Dialect dialect, RuntimeException failure) {
        if (dialect != Dialect.SQLITE) {
            return failure;
        }
        String file = sqliteFile(jdbcUrl);
        Path folder = Path.of(file).toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return failure;
        }
        String cause = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        try {
            long free = Files.getFileStore(folder).getUsableSpace();
            if (free < LOW_SPACE_BYTES) {
                return new IllegalStateException("cannot open the store " + file + ": the disk holding " + folder + " is full ("
                        + free + " bytes free); free some space and start again (" + cause + ")", failure);
            }
        } catch (IOException e) {
            // no diagnosis; the original failure stands
        }
        if (!Files.isWritable(folder)) {
            return new IllegalStateException("cannot open the store " + file + ": the folder " + folder
                    + " is read-only; the station needs to write there (" + cause + ")", failure);
        }
        return failure;
    }

    private static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common")
                .placeholders(java.util.Map.of("binary", dialect.binaryType))
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
