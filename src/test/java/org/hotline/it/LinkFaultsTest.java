package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.hotline.Station;
import org.hotline.line.LineSummary;
import org.hotline.line.TranscriptPage;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.StationId;
import org.hotline.store.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Link faults: each station reaches the other only through a {@link FaultProxy} (each advertises
 * its proxy's address, so that is the address the other keeps on file). While messages flow both
 * ways, the network delays, drops connections in the middle of batches, blackholes for longer than
 * the heartbeat, and throttles. After each fault the line recovers by itself with nothing lost:
 * both stations hold every entry exactly once, in order, and agree on the checkpoint digest. The
 * time each recovery took is printed.
 */
class LinkFaultsTest {
    private static final String LINE = "liaison";
    /** Long enough that the throttle bites: some 1.4 KB on the wire per entry, 40 entries a second each way. */
    private static final String PADDING = "x".repeat(800);
    private static final long THROTTLE = 20 * 1024;

    @TempDir
    Path temp;

    private record Fault(String name, Duration lasting, Consumer<FaultProxy> apply) {}

    @Test
    @Timeout(value = 120)
    void lineRecoversByItselfFromEveryLinkFaultWithNothingLost() throws Exception {
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        try (FaultProxy toA = new FaultProxy(); FaultProxy toB = new FaultProxy()) {
            Map<String, String> overrides = Map.of("HOTLINE_DELIVERY_BATCH_SIZE", "50");
            try (Station a = TestStations.start(aDir, with(overrides, "HOTLINE_FEDERATION_ADVERTISE", toA.address().toString()));
                    Station b = TestStations.start(bDir, with(overrides, "HOTLINE_FEDERATION_ADVERTISE", toB.address().toString()))) {
                toA.target(TestStations.federationAddress(a));
                toB.target(TestStations.federationAddress(b));
                TestStations.pair(a, b, LINE);
                // Each side keeps the other's proxy on file: every byte between them crosses a proxy.
                assertThat(TestStations.summary(a, LINE).peerAddress()).isEqualTo(toB.address().toString());
                assertThat(TestStations.summary(b, LINE).peerAddress()).isEqualTo(toA.address().toString());

                Traffic traffic = new Traffic(a, b);
                List<Fault> faults = List.of(
                        new Fault("delay", Duration.ofSeconds(3), proxy -> proxy.delay(Duration.ofMillis(250))),
                        new Fault("drop", Duration.ofSeconds(3), proxy -> {
                            proxy.drop(4 * 1024);
                            proxy.resetAll();
                        }),
                        new Fault("blackhole", Duration.ofSeconds(6), FaultProxy::blackhole),
                        new Fault("throttle", Duration.ofSeconds(4), proxy -> proxy.throttle(THROTTLE)));
                Map<String, Long> recovered = new LinkedHashMap<>();
                for (Fault fault : faults) {
                    traffic.resume();
                    long aWrote = traffic.sentByA.size();
                    long bWrote = traffic.sentByB.size();
                    // Traffic is flowing through the proxies before the fault strikes.
                    await().atMost(Duration.ofSeconds(10)).until(() -> TestStations.summary(b, LINE).peerEntries() > aWrote + 10
                            && TestStations.summary(a, LINE).peerEntries() > bWrote + 10);

                    Observed before = Observed.of(toA, toB);
                    fault.apply().accept(toA);
                    fault.apply().accept(toB);
                    duringTheFault(fault, a, b, toA, toB, before);

                    traffic.pause();
                    toA.pass();
                    toB.pass();
                    long healed = System.nanoTime();
                    await().atMost(Duration.ofSeconds(40)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                            .until(() -> identicalCounts(a, b, traffic));
                    long millis = (System.nanoTime() - healed) / 1_000_000;
                    int checked = assertSameTranscript(a, b, traffic);
                    assertAgreedCheckpoint(a, b, traffic);
                    recovered.put(fault.name(), millis);
                    System.out.printf("link fault %s: recovered in %d ms, %d entries checked%n", fault.name(), millis, checked);
                }
                // A send caught in the blackhole used to wait out its 30-second request timeout on a
                // dead connection after the path was back; now it is resent within a heartbeat or two.
                assertThat(recovered).allSatisfy((name, millis) -> assertThat(millis).as(name).isLessThan(15_000));
                assertThat(recovered).containsOnlyKeys("delay", "drop", "blackhole", "throttle");
                assertThat(traffic.sentByA).hasSizeGreaterThan(200);
                assertThat(traffic.sentByB).hasSizeGreaterThan(200);
            }
        }
    }

    /** Lets the fault last, checking that it really struck the line. */
    private static void duringTheFault(Fault fault, Station a, Station b, FaultProxy toA, FaultProxy toB, Observed before)
            throws InterruptedException {
        long started = System.nanoTime();
        Observed since = before;
        switch (fault.name()) {
            case "delay" -> await().atMost(fault.lasting()).untilAsserted(() -> {
                // A heartbeat's request and answer are each held once, at least.
                assertThat(TestStations.summary(a, LINE).roundTripMicros()).hasValueSatisfying(rtt -> assertThat(rtt).isGreaterThan(450_000));
                assertThat(TestStations.summary(b, LINE).roundTripMicros()).hasValueSatisfying(rtt -> assertThat(rtt).isGreaterThan(450_000));
            });
            case "drop" -> await().atMost(fault.lasting()).until(() ->
                    // connections cut in the middle of what they carried, not only those reset at once
                    toA.drops() > before.dropsA() && toB.drops() > before.dropsB());
            case "blackhole" -> {
                await().atMost(fault.lasting()).untilAsserted(() -> {
                    // The heartbeat notices within a few seconds that the peer is gone.
                    assertThat(TestStations.summary(a, LINE).linkUp()).as("A sees the link down").isFalse();
                    assertThat(TestStations.summary(b, LINE).linkUp()).as("B sees the link down").isFalse();
                });
                assertThat(toA.swallowed() + toB.swallowed()).isPositive();
                // Counted from here, when any chunk in flight as the hole opened has long landed.
                since = Observed.of(toA, toB);
            }
            case "throttle" -> { }
            default -> throw new IllegalArgumentException(fault.name());
        }
        long left = fault.lasting().toNanos() - (System.nanoTime() - started);
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
        Observed after = Observed.of(toA, toB);
        switch (fault.name()) {
            case "blackhole" -> assertThat(after.bytes()).as("nothing crossed the blackhole").isEqualTo(since.bytes());
            case "throttle" -> {
                // A's batches cross toB, B's cross toA: each way at most the cap, give or take the
                // chunks in hand when it was switched on; meanwhile a backlog builds on both sides.
                double seconds = fault.lasting().toNanos() / 1e9;
                long most = (long) (THROTTLE * seconds) + 48 * 1024;
                assertThat(after.toB() - before.toB()).as("A to B").isPositive().isLessThan(most);
                assertThat(after.toA() - before.toA()).as("B to A").isPositive().isLessThan(most);
                assertThat(TestStations.summary(a, LINE).queued()).as("A's backlog").isGreaterThan(40);
                assertThat(TestStations.summary(b, LINE).queued()).as("B's backlog").isGreaterThan(40);
            }
            default -> assertThat(after.bytes()).isGreaterThanOrEqualTo(before.bytes());
        }
    }

    /** What the proxies carried and cut so far. */
    private record Observed(long toA, long toB, long bytes, int dropsA, int dropsB) {
        static Observed of(FaultProxy toA, FaultProxy toB) {
            return new Observed(toA.bytesToTarget(), toB.bytesToTarget(),
                    toA.bytesToTarget() + toA.bytesToClient() + toB.bytesToTarget() + toB.bytesToClient(),
                    toA.drops(), toB.drops());
        }
    }

    private static boolean identicalCounts(Station a, Station b, Traffic traffic) {
        LineSummary ofA = TestStations.summary(a, LINE);
        LineSummary ofB = TestStations.summary(b, LINE);
        return ofA.queued() == 0 && ofB.queued() == 0
                && ofA.ownEntries() == traffic.sentByA.size() && ofB.peerEntries() == traffic.sentByA.size()
                && ofB.ownEntries() == traffic.sentByB.size() && ofA.peerEntries() == traffic.sentByB.size();
    }

    /**
     * Both stations hold exactly what each author wrote: each chain once, seq 1..n, in order, in
     * the order of each station's transcript, with the same entries (hashes) on both sides.
     */
    private static int assertSameTranscript(Station a, Station b, Traffic traffic) {
        StationId aId = a.identity().id();
        StationId bId = b.identity().id();
        Set<String> atA = keys(a, aId, bId);
        Set<String> atB = keys(b, aId, bId);
        assertThat(atA).hasSize(traffic.sentByA.size() + traffic.sentByB.size()).isEqualTo(atB);
        for (Station station : List.of(a, b)) {
            assertThat(TestStations.chain(station, LINE, aId)).extracting(StoredEntry::signed).containsExactlyElementsOf(traffic.sentByA);
            assertThat(TestStations.chain(station, LINE, bId)).extracting(StoredEntry::signed).containsExactlyElementsOf(traffic.sentByB);
        }
        return atA.size();
    }

    /** Every entry once; each author's entries in seq order 1..n along the station's transcript. */
    private static Set<String> keys(Station station, StationId... authors) {
        Set<String> keys = new HashSet<>();
        Map<StationId, Long> lastSeq = new LinkedHashMap<>();
        for (StationId author : authors) {
            lastSeq.put(author, 0L);
        }
        for (StoredEntry stored : TestStations.stored(station, LINE)) {
            SignedEntry signed = stored.signed();
            StationId author = signed.entry().author();
            assertThat(keys.add(author.value() + "/" + signed.entry().seq() + "/" + signed.hash().hex()))
                    .as("entry stored twice: %s", signed)
                    .isTrue();
            assertThat(signed.entry().seq()).as("next of %s in the transcript", author.shortForm()).isEqualTo(lastSeq.get(author) + 1);
            lastSeq.put(author, signed.entry().seq());
        }
        return keys;
    }

    /** One more entry from A, which has seen all of B's; then both show the same checkpoint of the two heads. */
    private static void assertAgreedCheckpoint(Station a, Station b, Traffic traffic) {
        traffic.sentByA.add(a.lines().send(LINE, new Message("settled", Priority.ROUTINE, "en")));
        await().atMost(Duration.ofSeconds(10)).until(() -> identicalCounts(a, b, traffic));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            TranscriptPage.CheckpointView ofA = a.lines().transcript(LINE, 0, 1).checkpoint().orElseThrow();
            TranscriptPage.CheckpointView ofB = b.lines().transcript(LINE, 0, 1).checkpoint().orElseThrow();
            assertThat(ofA.ownSeq()).isEqualTo(traffic.sentByA.size());
            assertThat(ofA.peerSeq()).isEqualTo(traffic.sentByB.size());
            assertThat(ofB.ownSeq()).isEqualTo(traffic.sentByB.size());
            assertThat(ofB.peerSeq()).isEqualTo(traffic.sentByA.size());
            assertThat(ofA.digest()).isEqualTo(ofB.digest());
        });
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.put(key, value);
        return all;
    }

    /** A steady stream of messages both ways, some 40 a second each, that can be paused. */
    private static final class Traffic {
        final List<SignedEntry> sentByA = Collections.synchronizedList(new ArrayList<>());
        final List<SignedEntry> sentByB = Collections.synchronizedList(new ArrayList<>());
        private final Station a;
        private final Station b;
        private volatile boolean running;
        private final List<Thread> writers = new ArrayList<>();

        Traffic(Station a, Station b) {
            this.a = a;
            this.b = b;
        }

        void resume() {
            running = true;
            writers.add(Thread.ofVirtual().name("writer-a").start(() -> write(a, "A", sentByA)));
            writers.add(Thread.ofVirtual().name("writer-b").start(() -> write(b, "B", sentByB)));
        }

        /** Stops both writers and waits for them; their lists are complete after this. */
        void pause() throws InterruptedException {
            running = false;
            for (Thread writer : writers) {
                writer.join();
            }
            writers.clear();
        }

        private void write(Station station, String who, List<SignedEntry> sent) {
            while (running) {
                sent.add(station.lines().send(LINE, new Message("from " + who + " #" + (sent.size() + 1) + " " + PADDING,
                        Priority.ROUTINE, "en")));
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
