package org.hotline.transcript;

import static java.util.Objects.requireNonNull;

import org.hotline.protocol.Head;

/**
 * The committed state of one line's two chains: our head (and what it had seen), the peer's head
 * (and what it had seen), the last transcript position, and how far the peer has acknowledged our
 * chain with a signed receipt. Immutable; the writer publishes a new one after each commit.
 */
public record LineChains(Head own, Head ownSeen, Head peer, Head peerSeen, long position, long acknowledged) {
    public static final LineChains EMPTY = new LineChains(Head.EMPTY, Head.EMPTY, Head.EMPTY, Head.EMPTY, 0, 0);

    public LineChains {
        requireNonNull(own, "own is null");
        requireNonNull(ownSeen, "ownSeen is null");
        requireNonNull(peer, "peer is null");
        requireNonNull(peerSeen, "peerSeen is null");
    }

    /** Our entries the peer has not yet acknowledged: waiting in the outbox. */
    public long queued() {
        return own.seq() - acknowledged;
    }

    LineChains withOwn(Head head, Head seen) {
        return new LineChains(head, seen, peer, peerSeen, position + 1, acknowledged);
    }

    LineChains withPeer(Head head, Head seen, long newPosition) {
        return new LineChains(own, ownSeen, head, seen, newPosition, acknowledged);
    }

    LineChains withAcknowledged(long seq) {
        return new LineChains(own, ownSeen, peer, peerSeen, position, Math.max(acknowledged, seq));
    }
}
