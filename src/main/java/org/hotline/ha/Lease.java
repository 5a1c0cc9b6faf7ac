package org.hotline.ha;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.hotline.store.CommitFence;

/**
 * The lease to be a station's active node: a PostgreSQL session advisory lock, held on a
 * connection of its own for as long as this node leads. When the leader's process dies, PostgreSQL
 * ends its session and the lock is free at once; no home-made consensus, no clocks compared.
 *
 * <p>Taking the lease also raises the epoch in {@code ha_lease}. Every transcript commit checks,
 * inside its own transaction, that the epoch is still the one this node took: a leader that lost
 * its session (a partition, a long pause) cannot write after another took over.
 */
public final class Lease implements AutoCloseable {
    /** The advisory lock's key: "Hotline" in ASCII. One station per database. */
    static final long LOCK_KEY = 0x486f746c696e65L;

    private final String jdbcUrl;
    private final Clock clock;
    private Connection session;
    private volatile long epoch = -1;

    public Lease(String jdbcUrl, Clock clock) {
        this.jdbcUrl = jdbcUrl;
        this.clock = clock;
    }

    /**
     * Tries once to take the lease for {@code node}, reachable at {@code host} on the given ports.
     * Returns the lease as taken, or empty when another node holds it.
     */
    public synchronized Optional<Leader> tryAcquire(String node, String host, int federationPort, int apiPort) throws SQLException {
        if (session == null || !session.isValid(2)) {
            closeSession();
            java.util.Properties properties = new java.util.Properties();
            // No query of ours may hang forever on a database that stopped answering.
            properties.setProperty("socketTimeout", "30");
            properties.setProperty("tcpKeepAlive", "true");
            session = DriverManager.getConnection(jdbcUrl, properties);
            session.setAutoCommit(true);
            try (java.sql.Statement settings = session.createStatement()) {
                // If this node's machine dies without a word (no TCP reset), PostgreSQL must notice in
                // seconds, not hours, or the lock it holds keeps every other node from leading.
                settings.execute("SET tcp_keepalives_idle = 5");
                settings.execute("SET tcp_keepalives_interval = 2");
                settings.execute("SET tcp_keepalives_count = 3");
                settings.execute("SET tcp_user_timeout = 10000");
                settings.execute("SET lock_timeout = '10s'");
            }
        }
        try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        java.time.Instant now = clock.instant();
        try {
            return Optional.of(record(node, host, federationPort, apiPort, now));
        } catch (SQLException e) {
            // Holding the lock without having recorded ourselves would keep every node from leading.
            closeSession();
            throw e;
        }
    }

    private Leader record(String node, String host, int federationPort, int apiPort, java.time.Instant now) throws SQLException {
        try (PreparedStatement take = session.prepareStatement("""
                UPDATE ha_lease SET epoch = epoch + 1, node = ?, host = ?, federation_port = ?, api_port = ?, since = ?
                WHERE id = 1 RETURNING epoch""")) {
            take.setString(1, node);
            take.setString(2, host);
            take.setInt(3, federationPort);
            take.setInt(4, apiPort);
            take.setLong(5, now.toEpochMilli());
            try (ResultSet result = take.executeQuery()) {
                result.next();
                epoch = result.getLong(1);
            }
        }
        return new Leader(node, host, federationPort, apiPort, epoch, now);
    }

    /** Whether this node still holds the lease: its session is alive (the lock lives with it). */
    public synchronized boolean held() {
        try {
            return session != null && epoch >= 0 && session.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The fence for this node's commits: the epoch must still be the one it took. */
    public CommitFence fence() {
        long mine = epoch;
        return connection -> {
            // FOR SHARE: a node taking over waits for this commit to finish, or this commit sees its epoch.
            try (PreparedStatement check = connection.prepareStatement("SELECT epoch, node FROM ha_lease WHERE id = 1 FOR SHARE");
                    ResultSet result = check.executeQuery()) {
                if (!result.next() || result.getLong(1) != mine) {
                    throw new CommitFence.FencedException("this node's lease (epoch " + mine + ") was taken over"
                            + (result.getRow() > 0 ? " by node " + result.getString(2) : ""));
                }
            }
        };
    }

    /**
     * Lets the lease go: the next node may take it as soon as this returns. The lock is unlocked
     * explicitly first (every hold of it: a session lock taken twice needs two unlocks), because
     * closing the session alone frees it only once PostgreSQL's backend has finished exiting, a
     * moment later, and a node stepping down would leave the next node's try to chance. If the
     * session is already gone, the lock goes with it, which is all the database can do.
     */
    public synchronized void release() {
        epoch = -1;
        if (session != null) {
            try (PreparedStatement unlock = session.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                unlock.setQueryTimeout(5);
                unlock.execute();
            } catch (SQLException e) {
                // the session is gone or failing: closing it below is what is left to do
            }
        }
        closeSession();
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                // closing a session that is already gone
            }
            session = null;
        }
    }

    /** Where the current leader is, as it recorded itself when it took the lease. */
    public static Optional<Leader> current(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT node, host, federation_port, api_port, epoch, since FROM ha_lease WHERE id = 1 AND node IS NOT NULL");
                ResultSet result = read.executeQuery()) {
            if (!result.next()) {
                return Optional.empty();
            }
            return Optional.of(new Leader(result.getString(1), result.getString(2), result.getInt(3), result.getInt(4),
                    result.getLong(5), java.time.Instant.ofEpochMilli(result.getLong(6))));
        }
    }

    @Override
    public void close() {
        release();
    }
}
