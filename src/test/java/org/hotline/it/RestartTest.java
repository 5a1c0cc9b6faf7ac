package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hotline.Station;
import org.hotline.config.Address;
import org.hotline.config.FreePort;
import org.hotline.line.EntryView;
import org.hotline.line.LineSummary;
import org.hotline.line.TranscriptPage;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Head;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.StationId;
import org.hotline.store.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store-and-forward across restarts: what one side writes while the other is down arrives exactly
 * once and in order when it comes back on the same address, and a restarted station carries on
 * its chains where it left them.
 */
class RestartTest {
    private static final String LINE = "liaison";

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 120)
    void backlogWrittenWhileThePeerIsDownArrivesExactlyOnceInOrderAfterItsRestart() throws Exception {
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        Station a = TestStations.start(aDir);
        Station b = TestStations.start(bDir);
        try {
            TestStations.pair(a, b, LINE);
            StationId aId = a.identity().id();
            StationId bId = b.identity().id();
            int bPort = b.federationPort();
            int aPort = a.federationPort();

            // --- B down, A writes 1,000 ---------------------------------------------------------
            b.close();
            List<SignedEntry> sentByA = new ArrayList<>();
            for (int i = 1; i <= 1000; i++) {
                sentByA.add(a.lines().send(LINE, new Message("from A #" + i, Priority.ROUTINE, "en")));
            }
            assertThat(sentByA).extracting(s -> s.entry().seq()).containsExactlyElementsOf(range(1, 1000));
            LineSummary waiting = TestStations.summary(a, LINE);
            assertThat(waiting.queued()).isEqualTo(1000);
            assertThat(waiting.ownEntries()).isEqualTo(1000);
            assertThat(TestStations.transcript(a, LINE)).allMatch(e -> e.delivery().equals("queued"));

            b = TestStations.restart(bDir, bPort);
            Station bAgain = b;
            await().atMost(Duration.ofSeconds(45)).until(() -> TestStations.summary(a, LINE).queued() == 0);

            assertPeerChainArrivedOnceInOrder(bAgain, aId, sentByA);
            assertThat(TestStations.transcript(a, LINE))
                    .hasSize(1000)
                    .allSatisfy(e -> {
                        assertThat(e.mine()).isTrue();
                        assertThat(e.delivery()).isEqualTo("delivered");
                        assertThat(e.receiptAt()).isPresent();
                    });
            assertThat(TestStations.summary(bAgain, LINE).peerEntries()).isEqualTo(1000);

            // --- A down, B writes 200 -----------------------------------------------------------
            a.close();
            List<SignedEntry> sentByB = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                sentByB.add(bAgain.lines().send(LINE, new Message("from B #" + i, Priority.URGENT, "ko")));
            }
            assertThat(TestStations.summary(bAgain, LINE).queued()).isEqualTo(200);
            // B had stored all of A's chain, so every one of its entries has seen A's #1000.
            assertThat(sentByB).allSatisfy(s -> assertThat(s.entry().seen().seq()).isEqualTo(1000));

            Station aAgain = TestStations.restart(aDir, aPort);
            try {
                await().atMost(Duration.ofSeconds(45)).until(() -> TestStations.summary(bAgain, LINE).queued() == 0);
                assertPeerChainArrivedOnceInOrder(aAgain, bId, sentByB);
                assertThat(TestStations.transcript(bAgain, LINE).stream().filter(EntryView::mine))
                        .hasSize(200)
                        .allSatisfy(e -> assertThat(e.delivery()).isEqualTo("delivered"));
                // A's own chain survived its restart untouched.
                assertThat(TestStations.chain(aAgain, LINE, aId)).extracting(StoredEntry::signed)
                        .containsExactlyElementsOf(sentByA);

                // --- one more each way, then both sides hold the same transcript ----------------
                SignedEntry lastOfA = aAgain.lines().send(LINE, new Message("after the restarts, from A", Priority.ROUTINE, "en"));
                assertThat(lastOfA.entry().seq()).isEqualTo(1001);
                assertThat(lastOfA.entry().prev()).contains(sentByA.getLast().hash());
                assertThat(lastOfA.entry().seen()).isEqualTo(sentByB.getLast().head());
                TestStations.awaitQuiet(aAgain, LINE, bAgain, LINE, Duration.ofSeconds(20));
                SignedEntry lastOfB = bAgain.lines().send(LINE, new Message("after the restarts, from B", Priority.ROUTINE, "en"));
                assertThat(lastOfB.entry().seq()).isEqualTo(201);
                assertThat(lastOfB.entry().seen()).isEqualTo(lastOfA.head());
                TestStations.awaitQuiet(aAgain, LINE, bAgain, LINE, Duration.ofSeconds(20));

                Set<String> atA = keys(aAgain);
                Set<String> atB = keys(bAgain);
                assertThat(atA).hasSize(1000 + 200 + 2).isEqualTo(atB);

                // The newest checkpoint is the pair of final heads, agreed on both sides.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    TranscriptPage.CheckpointView ofA = aAgain.lines().transcript(LINE, 0, 1).checkpoint().orElseThrow();
                    TranscriptPage.CheckpointView ofB = bAgain.lines().transcript(LINE, 0, 1).checkpoint().orElseThrow();
                    assertThat(ofA.ownSeq()).isEqualTo(1001);
                    assertThat(ofA.peerSeq()).isEqualTo(201);
                    assertThat(ofB.ownSeq()).isEqualTo(201);
                    assertThat(ofB.peerSeq()).isEqualTo(1001);
                    assertThat(ofA.digest()).isEqualTo(ofB.digest());
                });
                assertThat(TestStations.summary(aAgain, LINE).checkpointDigest())
                        .isEqualTo(TestStations.summary(bAgain, LINE).checkpointDigest());
            } finally {
                aAgain.close();
            }
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    @Timeout(value = 60)
    void restartedStationContinuesItsChainAndKeepsItsReceiptsAndCheckpoint() throws Exception {
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        Station a = TestStations.start(aDir);
        try (Station b = TestStations.start(bDir)) {
            TestStations.pair(a, b, LINE);
            StationId aId = a.identity().id();
            int aPort = a.federationPort();
            List<SignedEntry> before = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                before.add(a.lines().send(LINE, new Message("before restart #" + i, Priority.ROUTINE, "en")));
                b.lines().send(LINE, new Message("reply #" + i, Priority.ROUTINE, "en"));
            }
            TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
            // Once A writes after holding all of B's chain, the two heads make a checkpoint.
            before.add(a.lines().send(LINE, new Message("settled", Priority.ROUTINE, "en")));
            TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
            Station beforeA = a;
            await().atMost(Duration.ofSeconds(10)).until(() -> TestStations.summary(beforeA, LINE).checkpointDigest().isPresent());
            LineSummary beforeRestart = TestStations.summary(a, LINE);
            List<StoredEntry> storedBefore = TestStations.stored(a, LINE);
            a.close();

            a = TestStations.restart(aDir, aPort);
            Station restarted = a;
            LineSummary afterRestart = TestStations.summary(restarted, LINE);
            assertThat(afterRestart.ownEntries()).isEqualTo(4);
            assertThat(afterRestart.peerEntries()).isEqualTo(3);
            assertThat(afterRestart.queued()).as("receipts survive the restart: nothing is re-queued").isZero();
            assertThat(afterRestart.checkpointDigest()).isPresent().isEqualTo(beforeRestart.checkpointDigest());
            assertThat(TestStations.transcript(restarted, LINE).stream().filter(EntryView::mine))
                    .allSatisfy(e -> assertThat(e.delivery()).isEqualTo("delivered"));

            SignedEntry next = restarted.lines().send(LINE, new Message("after restart", Priority.ROUTINE, "en"));
            assertThat(next.entry().seq()).as("no seq is reused").isEqualTo(5);
            assertThat(next.entry().prev()).contains(before.getLast().hash());
            SignedEntry another = restarted.lines().send(LINE, new Message("and again", Priority.ROUTINE, "en"));
            assertThat(another.entry().seq()).isEqualTo(6);
            assertThat(another.entry().prev()).contains(next.hash());

            TestStations.awaitQuiet(restarted, LINE, b, LINE, Duration.ofSeconds(20));
            List<StoredEntry> aAtB = TestStations.chain(b, LINE, aId);
            assertThat(aAtB).extracting(s -> s.signed().entry().seq()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(aAtB.get(4).signed()).isEqualTo(next);
            assertThat(aAtB.get(5).signed()).isEqualTo(another);

            // Positions in A's transcript keep growing after the restart; the old ones are untouched.
            List<StoredEntry> storedAfter = TestStations.stored(restarted, LINE);
            assertThat(storedAfter.subList(0, storedBefore.size()))
                    .extracting(s -> s.position() + "/" + s.signed().hash().hex())
                    .containsExactlyElementsOf(storedBefore.stream().map(s -> s.position() + "/" + s.signed().hash().hex()).toList());
            assertThat(storedAfter).extracting(StoredEntry::position)
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .hasSize(9);
            assertThat(storedAfter.get(storedBefore.size()).position()).isGreaterThan(storedBefore.getLast().position());
        } finally {
            a.close();
        }
    }

    @Test
    @Timeout(value = 90)
    void receiverStoppedInTheMiddleOfTheDrainStillGetsEverythingExactlyOnce() throws Exception {
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        // Small batches, so that the drain takes many round trips and can be cut in the middle.
        Station a = TestStations.start(aDir, java.util.Map.of("HOTLINE_DELIVERY_BATCH_SIZE", "5"));
        Station b = TestStations.start(bDir);
        try {
            TestStations.pair(a, b, LINE);
            StationId aId = a.identity().id();
            int bPort = b.federationPort();
            b.close();
            List<SignedEntry> sent = new ArrayList<>();
            for (int i = 1; i <= 600; i++) {
                sent.add(a.lines().send(LINE, new Message("drain #" + i, Priority.ROUTINE, "en")));
            }
            for (int round = 0; round < 2; round++) {
                b = TestStations.restart(bDir, bPort);
                Station receiving = b;
                long target = 100L * (round + 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> TestStations.summary(receiving, LINE).peerEntries() >= target);
                b.close();
            }
            b = TestStations.restart(bDir, bPort);
            await().atMost(Duration.ofSeconds(45)).until(() -> TestStations.summary(a, LINE).queued() == 0);
            assertPeerChainArrivedOnceInOrder(b, aId, sent);
            assertThat(TestStations.transcript(a, LINE)).allSatisfy(e -> assertThat(e.delivery()).isEqualTo("delivered"));
        } finally {
            b.close();
            a.close();
        }
    }

    /**
     * Both sides wrote at once (neither entry has seen the other), so the checkpoint of the two
     * heads can only form from receipts. B signs a receipt naming (A#1, B#1), then restarts before
     * it learns that A signed the same pair. Once the line is quiet, both must still show the same
     * checkpoint: operators compare its digest like a safety number.
     */
    @Test
    @Timeout(value = 60)
    void checkpointFromCrossingReceiptsIsAgreedEvenWhenTheSignerRestartedInBetween() throws Exception {
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        Station a = TestStations.start(aDir);
        Station b = TestStations.start(bDir);
        try {
            TestStations.pair(a, b, LINE);
            int aPort = a.federationPort();
            int bPort = b.federationPort();

            // B writes #1 while A is down; A comes back on another port, so B cannot deliver it yet.
            a.close();
            SignedEntry b1 = b.lines().send(LINE, new Message("B, first", Priority.ROUTINE, "en"));
            int elsewhere = FreePort.resolve(new Address("127.0.0.1", 0)).port();
            a = TestStations.restart(aDir, elsewhere);
            SignedEntry a1 = a.lines().send(LINE, new Message("A, first", Priority.ROUTINE, "en"));
            assertThat(a1.entry().seen()).isEqualTo(Head.EMPTY);
            assertThat(b1.entry().seen()).isEqualTo(Head.EMPTY);
            Station aMoved = a;
            // A#1 reaches B; B's receipt names (A#1, B#1) and A keeps it.
            await().atMost(Duration.ofSeconds(20)).until(() -> TestStations.summary(aMoved, LINE).queued() == 0);
            assertThat(a.store().latestReceipt(TestStations.line(a, LINE).id()).orElseThrow().signed().receipt().own())
                    .isEqualTo(b1.head());

            // B restarts, then A returns to its address on file and B#1 flows.
            b.close();
            b = TestStations.restart(bDir, bPort);
            a.close();
            a = TestStations.restart(aDir, aPort);
            TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(30));
            Station aBack = a;
            Station bBack = b;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Optional<TranscriptPage.CheckpointView> ofA = aBack.lines().transcript(LINE, 0, 1).checkpoint();
                Optional<TranscriptPage.CheckpointView> ofB = bBack.lines().transcript(LINE, 0, 1).checkpoint();
                assertThat(ofA).as("A's checkpoint").isPresent();
                assertThat(ofB).as("B's checkpoint").isPresent();
                assertThat(ofA.get().ownSeq()).isEqualTo(1);
                assertThat(ofA.get().peerSeq()).isEqualTo(1);
                assertThat(ofB.get().digest()).isEqualTo(ofA.get().digest());
            });
        } finally {
            a.close();
            b.close();
        }
    }

    /** The peer holds exactly the entries {@code sent}, once each, seq 1..n, in order, with their texts. */
    private static void assertPeerChainArrivedOnceInOrder(Station receiver, StationId author, List<SignedEntry> sent) {
        List<EntryView> theirs = TestStations.transcript(receiver, LINE).stream().filter(e -> !e.mine()).toList();
        assertThat(theirs).extracting(EntryView::seq).containsExactlyElementsOf(range(1, sent.size()));
        assertThat(theirs).extracting(e -> e.text().orElseThrow())
                .containsExactlyElementsOf(sent.stream().map(s -> ((Message) s.entry().body()).text()).toList());
        assertThat(theirs).extracting(EntryView::hash)
                .doesNotHaveDuplicates()
                .containsExactlyElementsOf(sent.stream().map(SignedEntry::hash).map(Hash::hex).toList());
        assertThat(theirs).allSatisfy(e -> assertThat(e.delivery()).isEqualTo("received"));
        // Positions of the author's entries in the receiver's transcript grow with seq.
        assertThat(theirs).extracting(EntryView::position).isSorted().doesNotHaveDuplicates();
        List<StoredEntry> chain = TestStations.chain(receiver, LINE, author);
        assertThat(chain).extracting(StoredEntry::signed).containsExactlyElementsOf(sent);
    }

    private static Set<String> keys(Station station) {
        Set<String> keys = new HashSet<>();
        for (StoredEntry stored : TestStations.stored(station, LINE)) {
            SignedEntry signed = stored.signed();
            assertThat(keys.add(signed.entry().author().value() + "/" + signed.entry().seq() + "/" + signed.hash().hex()))
                    .as("entry stored twice: %s", signed)
                    .isTrue();
        }
        return keys;
    }

    private static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }
}
