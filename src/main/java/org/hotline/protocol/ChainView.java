package org.hotline.protocol;

import java.time.Instant;
import java.util.Optional;

/**
 * What a receiving station knows of one line when it checks a batch from its peer. Implemented by
 * the store; the protocol only reads through it.
 */
public interface ChainView {
    /** The newest entry of the peer's chain that we hold. */
    Head peerHead();

    /** The {@code seen} field of the peer's head entry ({@link Head#EMPTY} if none). */
    Head peerHeadSeen();

    /** The {@code at} of the peer's head entry (empty if none). */
    Optional<Instant> peerHeadAt();

    /** Hash of the peer's entry at {@code seq}, for seq ≤ {@link #peerHead()}. */
    Optional<Hash> peerEntryHash(long seq);

    /** Our own newest entry. */
    Head ownHead();

    /** Hash of our own entry at {@code seq}. */
    Optional<Hash> ownEntryHash(long seq);
}
