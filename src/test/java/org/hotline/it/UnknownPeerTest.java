package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.Station;
import org.hotline.delivery.PeerClient;
import org.hotline.delivery.PeerRefusedException;
import org.hotline.protocol.EntryAuthor;
import org.hotline.protocol.Head;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SigningKey;
import org.hotline.store.LineRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federation trusts pinned station ids only: a station that is not a peer cannot complete a TLS
 * handshake (unless an invitation is open, and then only to say hello), a peer cannot touch
 * another peer's line, and a client that pins the wrong id for an address is refused by the key
 * the server presents.
 */
@Timeout(value = 60)
class UnknownPeerTest {
    private static final String LINE = "liaison";

    @TempDir
    Path temp;

    private Path aDir;
    private Path bDir;
    private Path cDir;
    private Station a;
    private Station b;
    private LineRecord lineAtA;

    @BeforeEach
    void pairAAndB() throws Exception {
        aDir = TestStations.init(temp.resolve("a"), "Blue House");
        bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        cDir = TestStations.init(temp.resolve("c"), "Outsider");
        a = TestStations.start(aDir);
        b = TestStations.start(bDir);
        TestStations.pair(a, b, LINE);
        b.lines().send(LINE, new Message("one", Priority.ROUTINE, "en"));
        a.lines().send(LINE, new Message("two", Priority.ROUTINE, "en"));
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
        lineAtA = TestStations.line(a, LINE);
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void strangerIsRefusedAtTheHandshakeWhenNoInvitationIsOpen() throws Exception {
        assertThat(a.store().anyInvitationOpen(Instant.now())).isFalse();
        TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
        SignedEntry forged = entryOf(TestStations.key(cDir), lineAtA);
        try (PeerClient stranger = TestStations.client(cDir, a.identity().id(), TestStations.federationAddress(a))) {
            assertHandshakeRefused(catchThrowable(() -> stranger.heartbeat(lineAtA.id())));
            assertHandshakeRefused(catchThrowable(() -> stranger.push(lineAtA.id(), List.of(forged))));
            assertHandshakeRefused(catchThrowable(stranger::hello));
        }
        assertThat(TestStations.Snapshot.of(a, LINE)).isEqualTo(before);
        assertThat(a.store().lines()).hasSize(1);
        // The real peer is not disturbed.
        b.lines().send(LINE, new Message("still here", Priority.ROUTINE, "en"));
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
        assertThat(TestStations.summary(a, LINE).peerEntries()).isEqualTo(before.peerEntries() + 1);
    }

    @Test
    void strangerMayOnlySayHelloWhileAnInvitationIsOpen() throws Exception {
        a.lines().invite("spare", Optional.empty());
        TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
        SigningKey cKey = TestStations.key(cDir);
        SignedEntry forged = entryOf(cKey, lineAtA);
        try (PeerClient stranger = TestStations.client(cDir, a.identity().id(), TestStations.federationAddress(a))) {
            PeerClient.Introduction introduction = stranger.hello();
            assertThat(introduction.name()).isEqualTo("Blue House");
            assertThat(introduction.key()).isEqualTo(a.identity().key().verifyingKey());

            assertRefused(catchThrowable(() -> stranger.push(lineAtA.id(), List.of(forged))), 403, "FORBIDDEN");
            assertRefused(catchThrowable(() -> stranger.heartbeat(lineAtA.id())), 403, "FORBIDDEN");
            // Even B's own, validly signed entries replayed by a stranger are refused.
            SignedEntry bFirst = TestStations.chain(a, LINE, b.identity().id()).getFirst().signed();
            assertRefused(catchThrowable(() -> stranger.push(lineAtA.id(), List.of(bFirst))), 403, "FORBIDDEN");
        }
        assertThat(TestStations.Snapshot.of(a, LINE)).isEqualTo(before);
        assertThat(a.store().lines()).extracting(LineRecord::name).containsExactly(LINE);
    }

    @Test
    void peerOfAnotherLineCannotTouchThisLine() throws Exception {
        try (Station c = TestStations.start(cDir)) {
            TestStations.pair(a, c, "other");
            TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
            SignedEntry forged = entryOf(TestStations.key(cDir), lineAtA);
            try (PeerClient peerC = TestStations.client(cDir, a.identity().id(), TestStations.federationAddress(a))) {
                assertRefused(catchThrowable(() -> peerC.push(lineAtA.id(), List.of(forged))), 403, "FORBIDDEN");
                assertRefused(catchThrowable(() -> peerC.heartbeat(lineAtA.id())), 403, "FORBIDDEN");
                // C's own line with A answers.
                assertThat(peerC.heartbeat(TestStations.line(a, "other").id()).have()).isZero();
            }
            assertThat(TestStations.Snapshot.of(a, LINE)).isEqualTo(before);
        }
    }

    @Test
    void clientPinningTheWrongStationForAnAddressFailsTheHandshake() throws Exception {
        // B is a real peer of A, but pins C's id while connecting to A: A's key is not the pinned one.
        TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
        try (PeerClient misdirected = TestStations.client(bDir, TestStations.key(cDir).verifyingKey().stationId(),
                TestStations.federationAddress(a))) {
            Throwable failure = catchThrowable(() -> misdirected.heartbeat(lineAtA.id()));
            assertHandshakeRefused(failure);
            assertThat(causes(failure)).anySatisfy(c -> assertThat(c.getMessage()).contains("is not a pinned peer"));
        }
        // B's id pinned while connecting to A's address: A presents its own key, not B's.
        try (PeerClient selfPinned = TestStations.client(bDir, b.identity().id(), TestStations.federationAddress(a))) {
            Throwable failure = catchThrowable(selfPinned::hello);
            assertHandshakeRefused(failure);
            assertThat(causes(failure)).anySatisfy(c -> assertThat(c.getMessage())
                    .contains("server station " + a.identity().id().display() + " is not a pinned peer"));
        }
        assertThat(TestStations.Snapshot.of(a, LINE)).isEqualTo(before);
    }

    private static SignedEntry entryOf(SigningKey key, LineRecord line) throws Exception {
        return EntryAuthor.next(line.id(), key, Head.EMPTY, Head.EMPTY, Instant.now(),
                new Message("let me in", Priority.FLASH, "en"));
    }

    private static void assertHandshakeRefused(Throwable failure) {
        assertThat(failure)
                .as("a refused handshake surfaces as an I/O failure, never as an HTTP answer")
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(PeerRefusedException.class);
        assertThat(causes(failure)).anySatisfy(c -> assertThat(c).isInstanceOf(javax.net.ssl.SSLException.class));
    }

    private static void assertRefused(Throwable failure, int status, String error) {
        assertThat(failure).isInstanceOf(PeerRefusedException.class);
        PeerRefusedException refused = (PeerRefusedException) failure;
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.refusal().error()).isEqualTo(error);
        assertThat(refused.refusal().reason()).isNotBlank();
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
