package org.hotline.transcript;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.hotline.protocol.DeclaredState;
import org.hotline.protocol.Head;

/**
 * The committed state of one line: our head (and what it had seen), the peer's head (and what it
 * had seen), the last transcript position, how far the peer has acknowledged our chain with a
 * signed receipt (and which of its own heads that receipt named), the pair of heads named in the
 * last receipt we signed, the line's declared state, and the drafts waiting while it is
 * suspended, and the {@code at} of each head entry (so that no entry of either chain is dated
 * before the one it follows). The receipt pairs let a checkpoint form even when both sides wrote at once.
 * Immutable; the writer publishes a new one after each commit.
 */
public record LineChains(
        Head own,
        Head ownSeen,
        Head peer,
        Head peerSeen,
        long position,
        long acknowledged,
        Head acknowledgedWithPeerAt,
        Head signedPeer,
        Head signedOwn,
        DeclaredState declared,
        long draftsWaiting,
        long lastDraftSeq,
        Optional<Instant> ownAt,
        Optional<Instant> peerAt) {
    public static final LineChains EMPTY = new LineChains(Head.EMPTY, Head.EMPTY, Head.EMPTY, Head.EMPTY, 0, 0,
            Head.EMPTY, Head.EMPTY, Head.EMPTY, DeclaredState.OPEN, 0, 0, Optional.empty(), Optional.empty());

    public LineChains {
        requireNonNull(own, "own is null");
        requireNonNull(ownSeen, "ownSeen is null");
        requireNonNull(peer, "peer is null");
        requireNonNull(peerSeen, "peerSeen is null");
        requireNonNull(acknowledgedWithPeerAt, "acknowledgedWithPeerAt is null");
        requireNonNull(signedPeer, "signedPeer is null");
        requireNonNull(signedOwn, "signedOwn is null");
        requireNonNull(declared, "declared is null");
        requireNonNull(ownAt, "ownAt is null");
        requireNonNull(peerAt, "peerAt is null");
    }

    /** Our entries the peer has not yet acknowledged, plus drafts waiting for a restore. */
    public long queued() {
        return own.seq() - acknowledged + draftsWaiting;
    }

    LineChains withOwn(Head head, Head seen, Instant at) {
        return new LineChains(head, seen, peer, peerSeen, position + 1, acknowledged, acknowledgedWithPeerAt,
                signedPeer, signedOwn, declared, draftsWaiting, lastDraftSeq, Optional.of(at), peerAt);
    }

    LineChains withPeer(Head head, Head seen, Optional<Instant> at, long newPosition) {
        return new LineChains(own, ownSeen, head, seen, newPosition, acknowledged, acknowledgedWithPeerAt,
                signedPeer, signedOwn, declared, draftsWaiting, lastDraftSeq, ownAt, at);
    }

    LineChains withPosition(long newPosition) {
        return new LineChains(own, ownSeen, peer, peerSeen, newPosition, acknowledged, acknowledgedWithPeerAt,
                signedPeer, signedOwn, declared, draftsWaiting, lastDraftSeq, ownAt, peerAt);
    }

    LineChains withReceiptFromPeer(long seq, Head peerOwn) {
        if (seq < acknowledged) {
            return this;
        }
        return new LineChains(own, ownSeen, peer, peerSeen, position, seq, peerOwn,
                signedPeer, signedOwn, declared, draftsWaiting, lastDraftSeq, ownAt, peerAt);
    }

    LineChains withReceiptSigned(Head namedPeer, Head namedOwn) {
        return new LineChains(own, ownSeen, peer, peerSeen, position, acknowledged, acknowledgedWithPeerAt,
                namedPeer, namedOwn, declared, draftsWaiting, lastDraftSeq, ownAt, peerAt);
    }

    LineChains withDeclared(DeclaredState state) {
        return new LineChains(own, ownSeen, peer, peerSeen, position, acknowledged, acknowledgedWithPeerAt,
                signedPeer, signedOwn, state, draftsWaiting, lastDraftSeq, ownAt, peerAt);
    }

    LineChains withDrafts(long waiting, long lastSeq) {
        return new LineChains(own, ownSeen, peer, peerSeen, position, acknowledged, acknowledgedWithPeerAt,
                signedPeer, signedOwn, declared, waiting, lastSeq, ownAt, peerAt);
    }
}
