package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SigningKey;
import org.hotline.store.FailingStore;
import org.hotline.store.JdbcStore;
import org.hotline.store.LineRecord;
import org.hotline.store.LineState;
import org.hotline.store.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptWriterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2020-06-09T00:00:00Z"), ZoneOffset.UTC);
    private final SecureRandom random = new SecureRandom();
    private final SigningKey key = SigningKey.generate(random);
    private final SigningKey peerKey = SigningKey.generate(random);
    private final LineId line = LineId.random(random);

    @TempDir
    Path temp;

    private JdbcStore openStore() {
        JdbcStore store = JdbcStore.open("jdbc:sqlite:" + temp.resolve("hotline.db"));
        if (store.line(line).isEmpty()) {
            store.insertLine(new LineRecord(line, "liaison", peerKey.verifyingKey().stationId(), "North", peerKey.verifyingKey(),
                    "127.0.0.1:1", LineState.OPEN, Optional.empty(), CLOCK.instant()));
        }
        return store;
    }

    private static Message message(String text) {
        return new Message(text, Priority.ROUTINE, "en");
    }

    @Test
    void appendsFormAChainThatSurvivesARestart() throws Exception {
        try (JdbcStore store = openStore(); TranscriptWriter writer = new TranscriptWriter(store, key, CLOCK).start()) {
            SignedEntry first = writer.append(line, message("one")).get();
            SignedEntry second = writer.append(line, message("two")).get();
            assertThat(first.entry().seq()).isEqualTo(1);
            assertThat(second.entry().seq()).isEqualTo(2);
            assertThat(second.entry().prev()).contains(first.hash());
            assertThat(writer.chains(line).own()).isEqualTo(second.head());
            assertThat(writer.chains(line).queued()).isEqualTo(2);
        }
        try (JdbcStore store = openStore(); TranscriptWriter writer = new TranscriptWriter(store, key, CLOCK).start()) {
            assertThat(writer.chains(line).own().seq()).isEqualTo(2);
            assertThat(writer.chains(line).position()).isEqualTo(2);
            SignedEntry third = writer.append(line, message("three")).get();
            assertThat(third.entry().seq()).isEqualTo(3);
            assertThat(store.transcript(line, 0, 10)).extracting(stored -> stored.signed().entry().seq()).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void manyConcurrentAppendsAreGroupCommittedWithoutGapsOrDuplicates() throws Exception {
        try (JdbcStore store = openStore(); TranscriptWriter writer = new TranscriptWriter(store, key, CLOCK).start()) {
            List<CompletableFuture<SignedEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                futures.add(writer.append(line, message("m" + i)));
            }
            for (CompletableFuture<SignedEntry> future : futures) {
                future.get();
            }
            List<StoredEntry> stored = store.chain(line, key.verifyingKey().stationId(), 0, 5000);
            assertThat(stored).hasSize(2000);
            for (int i = 0; i < stored.size(); i++) {
                assertThat(stored.get(i).signed().entry().seq()).isEqualTo(i + 1);
                if (i > 0) {
                    assertThat(stored.get(i).signed().entry().prev()).contains(stored.get(i - 1).signed().hash());
                }
            }
        }
    }

    @Test
    void aFailedCommitStoresNothingAndLeavesNoGap() throws Exception {
        try (JdbcStore real = openStore()) {
            FailingStore store = new FailingStore(real);
            try (TranscriptWriter writer = new TranscriptWriter(store, key, CLOCK).start()) {
                writer.append(line, message("before")).get();
                store.failCommits(true);
                CompletableFuture<SignedEntry> failed = writer.append(line, message("lost to a full disk"));
                assertThatThrownBy(failed::get)
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("disk full");
                assertThat(writer.chains(line).own().seq()).isEqualTo(1);

                store.failCommits(false);
                SignedEntry after = writer.append(line, message("after")).get();
                assertThat(after.entry().seq()).isEqualTo(2);
                assertThat(real.chain(line, key.verifyingKey().stationId(), 0, 10))
                        .extracting(stored -> ((Message) stored.signed().entry().body()).text())
                        .containsExactly("before", "after");
            }
        }
    }

    @Test
    void peerBatchesAreCheckedAgainstCommittedAndPendingHeads() throws Exception {
        try (JdbcStore store = openStore(); TranscriptWriter writer = new TranscriptWriter(store, key, CLOCK).start()) {
            SignedEntry ours = writer.append(line, message("ours")).get();
            SignedEntry p1 = org.hotline.protocol.EntryAuthor.next(line, peerKey, Head.EMPTY, ours.head(), CLOCK.instant(), message("p1"));
            SignedEntry p2 = org.hotline.protocol.EntryAuthor.next(line, peerKey, p1.head(), ours.head(), CLOCK.instant(), message("p2"));
            var peer = peerKey.verifyingKey().stationId();
            // Two overlapping batches in flight at once (a retry racing the original).
            CompletableFuture<Received> a = writer.receive(line, peer, List.of(p1), org.hotline.protocol.TimeBounds.ANY);
            CompletableFuture<Received> b = writer.receive(line, peer, List.of(p1, p2), org.hotline.protocol.TimeBounds.ANY);
            assertThat(a.get().fresh()).hasSize(1);
            Received second = b.get();
            assertThat(second.fresh()).hasSize(1);
            assertThat(second.duplicates()).isEqualTo(1);
            assertThat(second.peerHead()).isEqualTo(p2.head());
            assertThat(second.ownHead()).isEqualTo(ours.head());
            assertThat(store.transcript(line, 0, 10)).hasSize(3);
            // p2 has seen our head, so the receipt we sign names a pair both have signed.
            assertThat(store.latestCheckpoint(line)).isPresent();
        }
    }

    @Test
    void draftsWhoseFlushFailedToCommitAreSignedInOnceTheStoreRecovers() throws Exception {
        try (JdbcStore real = openStore()) {
            FailingStore store = new FailingStore(real);
            try (TranscriptWriter writer = new TranscriptWriter(store, key, CLOCK).start()) {
                var peer = peerKey.verifyingKey().stationId();
                writer.append(line, new org.hotline.protocol.Suspend(true, "")).get();
                assertThat(writer.submit(line, message("waits for the restore")).get()).isInstanceOf(Submitted.Waiting.class);
                SignedEntry proposal = writer.append(line, new org.hotline.protocol.RestoreProposal("")).get();
                // The first flush after the restore hits a full disk.
                java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
                store.failCommitsWhen(batch -> !batch.draftRemovals().isEmpty() && refused.getAndIncrement() == 0);
                SignedEntry accept = org.hotline.protocol.EntryAuthor.next(line, peerKey, Head.EMPTY, proposal.head(), CLOCK.instant(),
                        new org.hotline.protocol.RestoreAccept(proposal.entry().seq()));
                writer.receive(line, peer, List.of(accept), org.hotline.protocol.TimeBounds.ANY).get();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> writer.chains(line).draftsWaiting() == 0);
                assertThat(refused.get()).as("the first flush was refused").isGreaterThanOrEqualTo(1);
                assertThat(writer.chains(line).declared().isOpen()).isTrue();
                assertThat(real.chain(line, key.verifyingKey().stationId(), 0, 10))
                        .extracting(stored -> stored.signed().entry().body().type())
                        .containsExactly("suspend", "restore-proposal", "message");
                assertThat(writer.submit(line, message("and the line works")).get()).isInstanceOf(Submitted.Written.class);
            }
        }
    }

    @Test
    void ourEntriesAreNeverDatedBeforeOurPreviousOneEvenAfterTheClockStepsBackOrARestart() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(CLOCK.instant());
        Clock stepping = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        Instant first;
        try (JdbcStore store = openStore(); TranscriptWriter writer = new TranscriptWriter(store, key, stepping).start()) {
            first = writer.append(line, message("at noon")).get().entry().at();
            now.set(first.minusSeconds(3600));
            // The peer refuses an entry dated before its author's previous one: ours must never be.
            assertThat(writer.append(line, message("after NTP stepped the clock back")).get().entry().at()).isEqualTo(first);
            SignedEntry drafted = ((Submitted.Written) writer.submit(line, message("submitted")).get()).entry();
            assertThat(drafted.entry().at()).isEqualTo(first);
        }
        try (JdbcStore store = openStore(); TranscriptWriter writer = new TranscriptWriter(store, key, stepping).start()) {
            assertThat(writer.append(line, message("after a restart")).get().entry().at()).isEqualTo(first);
            now.set(first.plusSeconds(1));
            assertThat(writer.append(line, message("the clock caught up")).get().entry().at()).isEqualTo(first.plusSeconds(1));
        }
    }
}
