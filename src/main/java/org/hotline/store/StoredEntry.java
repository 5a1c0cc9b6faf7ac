package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.hotline.protocol.SignedEntry;

/** An entry in the store, with its place in this station's transcript and when it was stored. */
public record StoredEntry(SignedEntry signed, long position, Instant storedAt) {
    public StoredEntry {
        requireNonNull(signed, "signed is null");
        requireNonNull(storedAt, "storedAt is null");
    }
}
