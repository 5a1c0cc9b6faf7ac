package org.hotline.it;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.config.Address;
import org.hotline.config.StationConfig;
import org.hotline.line.IssuedInvitation;
import org.hotline.line.LineSummary;

/** Real stations for tests: real data folders, real SQLite files, real TLS on loopback ports. */
public final class TestStations {
    private TestStations() {}

    /** Initialises a station in {@code dir} listening on free loopback ports, heartbeat every second. */
    public static Path init(Path dir, String name) throws IOException {
        StationFiles.init(dir, name, new Address("127.0.0.1", 0), Optional.empty(), new Address("127.0.0.1", 0),
                new SecureRandom(), Clock.systemUTC());
        return dir;
    }

    public static StationConfig config(Path dir) throws IOException {
        return StationConfig.load(dir, Map.of("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "1"));
    }

    public static Station start(Path dir) throws Exception {
        return Station.start(config(dir), Clock.systemUTC());
    }

    /**
     * Starts {@code dir} again on the same federation port, as a restarted process would: the peer
     * has that address on file.
     */
    public static Station restart(Path dir, int federationPort) throws Exception {
        return Station.start(StationConfig.load(dir, Map.of(
                "HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "1",
                "HOTLINE_FEDERATION_LISTEN", "127.0.0.1:" + federationPort)), Clock.systemUTC());
    }

    /** Opens a line from {@code inviter} to {@code acceptor}; returns the acceptor's view of it. */
    public static LineSummary pair(Station inviter, Station acceptor, String lineName) {
        IssuedInvitation invitation = inviter.lines().invite(lineName, Optional.empty());
        return acceptor.lines().accept(invitation.invitation(), Optional.empty());
    }
}
