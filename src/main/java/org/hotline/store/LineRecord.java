package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.hotline.protocol.LineId;
import org.hotline.protocol.StationId;
import org.hotline.protocol.VerifyingKey;

/**
 * A line as stored: its id and local name, the pinned peer (station id and the key it hashes
 * from), where to reach the peer, its declared state, and a flag set when the peer was caught
 * equivocating.
 */
public record LineRecord(
        LineId id,
        String name,
        StationId peerId,
        String peerName,
        VerifyingKey peerKey,
        String peerAddress,
        LineState state,
        Optional<String> flag,
        Instant openedAt) {
    public LineRecord {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(peerId, "peerId is null");
        requireNonNull(peerName, "peerName is null");
        requireNonNull(peerKey, "peerKey is null");
        requireNonNull(peerAddress, "peerAddress is null");
        requireNonNull(state, "state is null");
        requireNonNull(flag, "flag is null");
        requireNonNull(openedAt, "openedAt is null");
        if (!peerKey.stationId().equals(peerId)) {
            throw new IllegalArgumentException("peer key does not hash to the peer station id");
        }
    }
}
