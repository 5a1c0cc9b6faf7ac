package org.hotline.ha;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.hotline.Station;
import org.hotline.config.HaNodeConfig;
import org.hotline.config.StationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a station in high availability mode. The node that holds the {@link Lease} runs the
 * whole station: it sends, receives, places calls and serves the API. The others relay their
 * federation and API ports to it, so that a peer or an operator may reach the station through any
 * node; they try for the lease twice a second and take over as soon as the leader's session ends.
 */
public final class HaNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaNode.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final StationConfig config;
    private final HaNodeConfig ha;
    private final Clock clock;
    private final Lease lease;
    private final List<Relay> relays = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Optional<Leader> leader = Optional.empty();
    private volatile Station station;
    private volatile Thread loop;
    private Connection lookup;

    public HaNode(StationConfig config, Clock clock) {
        this.config = config;
        this.ha = config.ha().orElseThrow(() -> new IllegalArgumentException("ha.node is not set"));
        this.clock = clock;
        this.lease = new Lease(config.storeUrl(), clock);
    }

    public String name() {
        return ha.node();
    }

    /** The station while this node leads. */
    public Optional<Station> station() {
        return Optional.ofNullable(station);
    }

    /** Leads or follows until {@link #close()}. */
    public void run() {
        loop = Thread.currentThread();
        try {
            migrate();
            while (running) {
                Optional<Leader> taken = Optional.empty();
                try {
                    taken = lease.tryAcquire(ha.node(), ha.host(), config.federationListen().port(), config.apiListen().port());
                } catch (SQLException e) {
                    LOG.warn("node {}: cannot reach the database for the lease: {}", ha.node(), e.getMessage());
                }
                if (taken.isPresent()) {
                    lead(taken.get());
                } else {
                    follow();
                    pause(POLL);
                }
            }
        } finally {
            closeRelays();
            lease.release();
            closeLookup();
            finished.countDown();
        }
    }

    /** The schema first (the lease lives in it), waiting for the database if it is not there yet. */
    private void migrate() {
        while (running) {
            try {
                org.hotline.store.Database.open(config.storeUrl()).close();
                return;
            } catch (RuntimeException e) {
                LOG.warn("node {}: cannot open the database yet: {}", ha.node(), e.getMessage());
                pause(Duration.ofSeconds(2));
            }
        }
    }

    private void lead(Leader taken) {
        closeRelays();
        LOG.info("node {} holds the lease (epoch {}): it is the station's active node now", ha.node(), taken.epoch());
        Station started;
        try {
            started = Station.start(config, clock, lease.fence());
        } catch (Exception e) {
            LOG.error("node {}: took the lease but the station did not start ({}); letting the lease go", ha.node(), e.getMessage());
            lease.release();
            pause(Duration.ofSeconds(2));
            return;
        }
        station = started;
        try {
            while (running && lease.held()) {
                pause(POLL);
            }
        } finally {
            station = null;
            started.close();
        }
        if (running) {
            LOG.warn("node {}: lost the lease (its database session ended); stepping down to follow", ha.node());
        }
        lease.release();
    }

    private void follow() {
        try {
            if (lookup == null || !lookup.isValid(2)) {
                closeLookup();
                lookup = DriverManager.getConnection(config.storeUrl());
            }
            Optional<Leader> now = Lease.current(lookup);
            if (!now.equals(leader)) {
                now.ifPresent(l -> LOG.info("node {} follows node {} at {} (epoch {})", ha.node(), l.node(), l.host(), l.epoch()));
            }
            leader = now;
        } catch (SQLException e) {
            LOG.warn("node {}: cannot read who leads: {}", ha.node(), e.getMessage());
            leader = Optional.empty();
        }
        if (relays.isEmpty()) {
            try {
                relays.add(Relay.start("federation", config.federationListen(), () -> leaderAddress(Leader::federationPort)));
                relays.add(Relay.start("api", config.apiListen(), () -> leaderAddress(Leader::apiPort)));
            } catch (java.io.IOException e) {
                LOG.warn("node {}: cannot listen to relay to the leader yet: {}", ha.node(), e.getMessage());
                closeRelays();
            }
        }
    }

    private Optional<InetSocketAddress> leaderAddress(java.util.function.ToIntFunction<Leader> port) {
        // Never to ourselves: a row naming this node is stale (we stepped down) until the next leader writes.
        return leader.filter(l -> !l.node().equals(ha.node())).map(l -> new InetSocketAddress(l.host(), port.applyAsInt(l)));
    }

    private void closeRelays() {
        relays.forEach(Relay::close);
        relays.clear();
    }

    private void closeLookup() {
        if (lookup != null) {
            try {
                lookup.close();
            } catch (SQLException e) {
                // gone already
            }
            lookup = null;
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    /** Stops leading or following; waits for the station, if this node ran it, to close. */
    @Override
    public void close() {
        running = false;
        Thread thread = loop;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                // Not interrupted: the loop notices within one poll, and a station mid-start closes cleanly;
                // but a database that stopped answering must not keep the process from stopping.
                if (!finished.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    LOG.warn("node {}: still busy after 60 s; stopping anyway", ha.node());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
