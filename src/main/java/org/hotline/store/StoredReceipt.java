package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.hotline.protocol.SignedReceipt;

/** A delivery receipt the peer signed for our entries, kept as evidence. */
public record StoredReceipt(SignedReceipt signed, Instant receivedAt) {
    public StoredReceipt {
        requireNonNull(signed, "signed is null");
        requireNonNull(receivedAt, "receivedAt is null");
    }
}
