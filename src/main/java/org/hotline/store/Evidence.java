package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.hotline.protocol.Hash;
import org.hotline.protocol.SignedEntry;

/** A validly signed entry that conflicts with the one we hold at the same seq: proof of equivocation. */
public record Evidence(SignedEntry conflicting, Hash storedHash, Instant recordedAt) {
    public Evidence {
        requireNonNull(conflicting, "conflicting is null");
        requireNonNull(storedHash, "storedHash is null");
        requireNonNull(recordedAt, "recordedAt is null");
    }
}
