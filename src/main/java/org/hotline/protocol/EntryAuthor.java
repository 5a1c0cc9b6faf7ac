package org.hotline.protocol;

import java.time.Instant;

/** Writes the next entry of one author's chain: seq, prev and seen filled in, then signed. */
public final class EntryAuthor {
    private EntryAuthor() {}

    public static SignedEntry next(
            LineId line, SigningKey key, Head ownHead, Head peerHead, Instant at, Body body) throws ProtocolException {
        Entry entry = new Entry(
                Entry.VERSION,
                line,
                key.verifyingKey().stationId(),
                ownHead.seq() + 1,
                ownHead.hash(),
                peerHead,
                at,
                body);
        return SignedEntry.sign(entry, key);
    }
}
