package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.hotline.protocol.Hash;
import org.hotline.protocol.LineId;

/** An invitation to open a line: only the hash of its one-time secret is kept. */
public record Invitation(
        LineId lineId, String lineName, Hash secretHash, Instant createdAt, Instant expiresAt, Optional<Instant> usedAt) {
    public Invitation {
        requireNonNull(lineId, "lineId is null");
        requireNonNull(lineName, "lineName is null");
        requireNonNull(secretHash, "secretHash is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(usedAt, "usedAt is null");
    }

    public boolean isOpenAt(Instant now) {
        return usedAt.isEmpty() && now.isBefore(expiresAt);
    }
}
