package org.hotline.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.config.Address;
import org.hotline.config.StationConfig;
import org.hotline.crypto.StationCertificate;
import org.hotline.crypto.StationKeyFile;
import org.hotline.crypto.TlsContexts;
import org.hotline.delivery.PeerClient;
import org.hotline.line.EntryView;
import org.hotline.line.IssuedInvitation;
import org.hotline.line.LineService;
import org.hotline.line.LineSummary;
import org.hotline.protocol.LineId;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.StationId;
import org.hotline.store.LineRecord;
import org.hotline.store.StoredEntry;

/** Real stations for tests: real data folders, real SQLite files (or PostgreSQL databases), real TLS on loopback ports. */
public final class TestStations {
    private TestStations() {}

    /** Initialises a station in {@code dir} listening on free loopback ports, heartbeat every second. */
    public static Path init(Path dir, String name) throws IOException {
        StationFiles.init(dir, name, new Address("127.0.0.1", 0), Optional.empty(), new Address("127.0.0.1", 0),
                new SecureRandom(), Clock.systemUTC());
        return dir;
    }

    /** As {@link #init(Path, String)}, with the store at {@code storeUrl} ({@code store.url} in its config). */
    public static Path init(Path dir, String name, String storeUrl) throws IOException {
        StationFiles.init(dir, name, new Address("127.0.0.1", 0), Optional.empty(), new Address("127.0.0.1", 0),
                Optional.of(storeUrl), new SecureRandom(), Clock.systemUTC());
        return dir;
    }

    public static StationConfig config(Path dir) throws IOException {
        return config(dir, Map.of());
    }

    /** The station's configuration with a one-second heartbeat and {@code overrides} (HOTLINE_... variables). */
    public static StationConfig config(Path dir, Map<String, String> overrides) throws IOException {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "1");
        environment.putAll(overrides);
        return StationConfig.load(dir, environment);
    }

    public static Station start(Path dir) throws Exception {
        return Station.start(config(dir), Clock.systemUTC());
    }

    public static Station start(Path dir, Map<String, String> overrides) throws Exception {
        return Station.start(config(dir, overrides), Clock.systemUTC());
    }

    public static Station start(Path dir, Clock clock) throws Exception {
        return Station.start(config(dir), clock);
    }

    /**
     * Starts {@code dir} again on the same federation port, as a restarted process would: the peer
     * has that address on file.
     */
    public static Station restart(Path dir, int federationPort) throws Exception {
        return restart(dir, federationPort, Map.of());
    }

    public static Station restart(Path dir, int federationPort, Map<String, String> overrides) throws Exception {
        Map<String, String> environment = new HashMap<>(overrides);
        environment.put("HOTLINE_FEDERATION_LISTEN", "127.0.0.1:" + federationPort);
        return Station.start(config(dir, environment), Clock.systemUTC());
    }

    /** Opens a line from {@code inviter} to {@code acceptor}; returns the acceptor's view of it. */
    public static LineSummary pair(Station inviter, Station acceptor, String lineName) {
        IssuedInvitation invitation = inviter.lines().invite(lineName, Optional.empty());
        return acceptor.lines().accept(invitation.invitation(), Optional.empty());
    }

    // --- Identity, for building clients that speak for a station ------------------------------

    public static SigningKey key(Path dir) throws IOException {
        return StationKeyFile.read(StationFiles.keyFile(dir));
    }

    public static StationCertificate certificate(Path dir) throws IOException, GeneralSecurityException {
        return StationCertificate.selfSigned(key(dir), Instant.now());
    }

    public static Address federationAddress(Station station) {
        return new Address("127.0.0.1", station.federationPort());
    }

    /** A federation client speaking with the key in {@code clientDir}, pinned to {@code pinned}, connecting to {@code address}. */
    public static PeerClient client(Path clientDir, StationId pinned, Address address) throws IOException, GeneralSecurityException {
        return new PeerClient(certificate(clientDir), pinned, address);
    }

    /**
     * A server holding the station key in {@code keyDir} that speaks federation TLS as a station does
     * (TLS 1.3, a client certificate required, {@code mayConnect} deciding which), for an impostor
     * that holds a real key and misbehaves. Not started; its handlers are the test's.
     */
    public static com.sun.net.httpserver.HttpsServer impostorServer(Path keyDir, java.util.function.Predicate<StationId> mayConnect, int port,
            int backlog) throws IOException, GeneralSecurityException {
        javax.net.ssl.SSLContext tls = org.hotline.crypto.TlsContexts.server(certificate(keyDir), mayConnect::test);
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress("127.0.0.1", port), backlog);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                parameters.setProtocols(new String[] {org.hotline.crypto.TlsContexts.PROTOCOL});
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /**
     * A plain HTTPS client speaking with the key in {@code clientDir} and pinned to {@code pinned},
     * for sending requests that {@link PeerClient} would never send.
     */
    public static HttpClient rawClient(Path clientDir, StationId pinned) throws IOException, GeneralSecurityException {
        return HttpClient.newBuilder()
                .sslContext(TlsContexts.client(certificate(clientDir), pinned))
                .sslParameters(TlsContexts.clientParameters())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static URI federationUri(Station station, String path) {
        return URI.create("https://127.0.0.1:" + station.federationPort() + "/federation/v1/" + path);
    }

    // --- Reading what a station holds ----------------------------------------------------------

    public static LineId lineIdOf(IssuedInvitation invitation) {
        return new LineId(invitation.lineId());
    }

    public static LineRecord line(Station station, String lineName) {
        return station.lines().resolve(lineName);
    }

    public static LineSummary summary(Station station, String lineName) {
        return station.lines().summary(line(station, lineName));
    }

    /** The whole transcript of a line as the station's operators read it, page by page. */
    public static List<EntryView> transcript(Station station, String lineName) {
        List<EntryView> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<EntryView> page = station.lines().transcript(lineName, after, LineService.MAX_PAGE).entries();
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.getLast().position();
        }
    }

    /** Every stored entry of the line, page by page, in the station's order. */
    public static List<StoredEntry> stored(Station station, String lineName) {
        LineRecord line = line(station, lineName);
        List<StoredEntry> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<StoredEntry> page = station.store().transcript(line.id(), after, 1000);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.getLast().position();
        }
    }

    /** The entries of one author on the line, by seq. */
    public static List<StoredEntry> chain(Station station, String lineName, StationId author) {
        LineRecord line = line(station, lineName);
        List<StoredEntry> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<StoredEntry> page = station.store().chain(line.id(), author, after, 1000);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.getLast().signed().entry().seq();
        }
    }

    /** What a station holds of a line: its entries (position and hash), evidence, flag and chain lengths. */
    public record Snapshot(List<String> entries, int evidence, Optional<String> flag, long peerEntries, long ownEntries) {
        public static Snapshot of(Station station, String line) {
            LineSummary summary = summary(station, line);
            return new Snapshot(
                    stored(station, line).stream().map(s -> s.position() + "/" + s.signed().hash().hex()).toList(),
                    station.store().evidence(line(station, line).id()).size(),
                    summary.flag(),
                    summary.peerEntries(),
                    summary.ownEntries());
        }
    }

    /** Waits until both sides of the line have nothing queued and hold the same number of entries. */
    public static void awaitQuiet(Station one, String oneLine, Station other, String otherLine, Duration atMost) {
        await().atMost(atMost).until(() -> {
            LineSummary a = summary(one, oneLine);
            LineSummary b = summary(other, otherLine);
            return a.queued() == 0 && b.queued() == 0 && a.ownEntries() == b.peerEntries() && a.peerEntries() == b.ownEntries();
        });
    }

    /** After whatever a test did to it: one message crosses each way, and each side holds the other's. */
    public static void assertLineStillWorks(Station a, Station b, String lineName) {
        long bBefore = summary(a, lineName).peerEntries();
        long aBefore = summary(b, lineName).peerEntries();
        org.hotline.protocol.SignedEntry fromB = b.lines().send(lineName,
                new org.hotline.protocol.Message("after the attack, from B", org.hotline.protocol.Priority.ROUTINE, "en"));
        org.hotline.protocol.SignedEntry fromA = a.lines().send(lineName,
                new org.hotline.protocol.Message("after the attack, from A", org.hotline.protocol.Priority.ROUTINE, "en"));
        awaitQuiet(a, lineName, b, lineName, Duration.ofSeconds(30));
        org.assertj.core.api.Assertions.assertThat(summary(a, lineName).peerEntries()).isEqualTo(bBefore + 1);
        org.assertj.core.api.Assertions.assertThat(summary(b, lineName).peerEntries()).isEqualTo(aBefore + 1);
        org.assertj.core.api.Assertions.assertThat(a.lines().entryHash(line(a, lineName).id(), b.identity().id(), fromB.entry().seq()))
                .contains(fromB.hash());
        org.assertj.core.api.Assertions.assertThat(b.lines().entryHash(line(b, lineName).id(), a.identity().id(), fromA.entry().seq()))
                .contains(fromA.hash());
    }

    /** A clock the test moves by hand. */
    public static final class MovableClock extends Clock {
        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
        private final Clock base;

        public MovableClock(Duration initialOffset) {
            this(Clock.systemUTC(), initialOffset);
        }

        private MovableClock(Clock base, Duration initialOffset) {
            this.base = base;
            offset.set(initialOffset);
        }

        public void advance(Duration by) {
            offset.updateAndGet(current -> current.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return base.instant().plus(offset.get());
        }
    }
}
