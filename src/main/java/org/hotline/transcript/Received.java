package org.hotline.transcript;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.hotline.protocol.Head;
import org.hotline.store.StoredEntry;

/**
 * The outcome of storing a batch from the peer: the fresh entries now durable, how many were
 * duplicates, and the heads to name in the signed receipt.
 */
public record Received(List<StoredEntry> fresh, int duplicates, Head peerHead, Head ownHead) {
    public Received {
        fresh = List.copyOf(fresh);
        requireNonNull(peerHead, "peerHead is null");
        requireNonNull(ownHead, "ownHead is null");
    }
}
