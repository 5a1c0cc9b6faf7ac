package org.hotline.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hotline.StationFiles;
import org.hotline.config.Address;
import org.hotline.config.ConfigException;
import org.hotline.config.StationConfig;
import org.hotline.store.CommitFence;
import org.hotline.store.JdbcStore;
import org.hotline.store.PostgresServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease on a real PostgreSQL server: one holder at a time, and a deposed holder's commits are fenced out. */
class LeaseTest {
    @TempDir
    Path temp;

    @Test
    void oneHolderAtATimeAndTheEpochFencesTheOneBefore() throws Exception {
        String url = PostgresServer.freshDatabase();
        JdbcStore.open(url).close(); // the schema, as a station would create it
        try (Lease first = new Lease(url, Clock.systemUTC()); Lease second = new Lease(url, Clock.systemUTC())) {
            Optional<Leader> taken = first.tryAcquire("node-1", "10.0.0.1", 7443, 7444);
            assertThat(taken).hasValueSatisfying(leader -> {
                assertThat(leader.node()).isEqualTo("node-1");
                assertThat(leader.epoch()).isEqualTo(1);
            });
            assertThat(second.tryAcquire("node-2", "10.0.0.2", 7443, 7444)).isEmpty();
            assertThat(first.held()).isTrue();
            assertThat(second.held()).isFalse();
            CommitFence firstFence = first.fence();
            try (Connection connection = DriverManager.getConnection(url)) {
                assertThat(Lease.current(connection)).hasValueSatisfying(leader -> {
                    assertThat(leader.host()).isEqualTo("10.0.0.1");
                    assertThat(leader.federationPort()).isEqualTo(7443);
                });
                firstFence.check(connection); // still ours: no exception

                // The first node steps down: the lock is free when release() returns.
                first.release();
                assertThat(first.held()).isFalse();
                assertThat(second.tryAcquire("node-2", "10.0.0.2", 7443, 7444))
                        .hasValueSatisfying(leader -> assertThat(leader.epoch()).isEqualTo(2));
                assertThat(Lease.current(connection).map(Leader::node)).contains("node-2");

                // Whatever the first node still tries to commit is refused, naming who leads now.
                Throwable fenced = catchThrowable(() -> firstFence.check(connection));
                assertThat(fenced).isInstanceOf(CommitFence.FencedException.class).hasMessageContaining("node-2");
                second.fence().check(connection);
            }
        }
    }

    @Test
    void aReleasedLeaseIsFreeTheMomentReleaseReturns() throws Exception {
        // A node stepping down (shutdown, a station that did not start) must not leave the lock to
        // PostgreSQL's asynchronous end of session: the next node may take it on its very next try.
        // Many rounds, because closing the session alone frees the lock only "soon", which mostly
        // wins the race and sometimes (a loaded machine) does not.
        String url = PostgresServer.freshDatabase();
        JdbcStore.open(url).close();
        try (Lease first = new Lease(url, Clock.systemUTC()); Lease second = new Lease(url, Clock.systemUTC())) {
            for (int round = 1; round <= 30; round++) {
                Lease taker = round % 2 == 1 ? first : second;
                Lease other = taker == first ? second : first;
                assertThat(taker.tryAcquire("node-" + round, "10.0.0.1", 7443, 7444))
                        .as("round %d", round)
                        .hasValueSatisfying(leader -> assertThat(leader.node()).startsWith("node-"));
                assertThat(other.tryAcquire("other", "10.0.0.2", 7443, 7444)).isEmpty();
                taker.release();
            }
        }
    }

    @Test
    void whenTheHoldersSessionDiesTheLockFreesAndTheNextNodeTakesIt() throws Exception {
        String url = PostgresServer.freshDatabase();
        JdbcStore.open(url).close();
        try (Lease first = new Lease(url, Clock.systemUTC());
                Lease second = new Lease(url, Clock.systemUTC());
                Connection admin = DriverManager.getConnection(url)) {
            assertThat(first.tryAcquire("node-1", "10.0.0.1", 7443, 7444)).isPresent();
            // The holder's process dies: PostgreSQL ends its session, and frees its locks soon after
            // (asynchronously), so the next node keeps trying, as HaNode's loop does.
            try (java.sql.Statement kill = admin.createStatement()) {
                kill.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> second.tryAcquire("node-2", "10.0.0.2", 7443, 7444).isPresent());
            assertThat(first.held()).isFalse();
            assertThat(Lease.current(admin).map(Leader::epoch)).contains(2L);
        }
    }

    @Test
    void highAvailabilityNeedsPostgresqlAndFixedPorts() throws Exception {
        Path dir = temp.resolve("a");
        StationFiles.init(dir, "Blue House", new Address("127.0.0.1", 7443), Optional.empty(), new Address("127.0.0.1", 7444),
                new SecureRandom(), Clock.systemUTC());
        assertThat(catchThrowable(() -> StationConfig.load(dir, Map.of("HOTLINE_HA_NODE", "node-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ha.node").hasMessageContaining("PostgreSQL");

        String pg = "jdbc:postgresql://127.0.0.1:5432/hotline";
        assertThat(catchThrowable(() -> StationConfig.load(dir, Map.of("HOTLINE_HA_NODE", "node-1", "HOTLINE_STORE_URL", pg,
                "HOTLINE_API_LISTEN", "127.0.0.1:0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fixed ports");
        assertThat(catchThrowable(() -> StationConfig.load(dir, Map.of("HOTLINE_HA_NODE", "node 1", "HOTLINE_STORE_URL", pg))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ha.node");

        StationConfig node = StationConfig.load(dir, Map.of("HOTLINE_HA_NODE", "node-1", "HOTLINE_STORE_URL", pg,
                "HOTLINE_HA_HOST", "10.0.0.1"));
        assertThat(node.ha()).hasValueSatisfying(ha -> {
            assertThat(ha.node()).isEqualTo("node-1");
            assertThat(ha.host()).isEqualTo("10.0.0.1");
        });
        assertThat(StationConfig.load(dir, Map.of()).ha()).isEmpty();
    }
}
