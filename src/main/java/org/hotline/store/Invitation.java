package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.hotline.protocol.Hash;
import org.hotline.protocol.LineId;

/**
 * An invitation to open a line: only the hash of its one-time secret is kept, and the check-in
 * schedule (JSON) to propose once the line opens, if one was asked for.
 */
public record Invitation(
        LineId lineId,
        String lineName,
        Hash secretHash,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> usedAt,
        Optional<String> schedule) {
    public Invitation {
        requireNonNull(lineId, "lineId is null");
        requireNonNull(lineName, "lineName is null");
        requireNonNull(secretHash, "secretHash is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(usedAt, "usedAt is null");
        requireNonNull(schedule, "schedule is null");
    }

    public boolean isOpenAt(Instant now) {
        return usedAt.isEmpty() && now.isBefore(expiresAt);
    }
}
