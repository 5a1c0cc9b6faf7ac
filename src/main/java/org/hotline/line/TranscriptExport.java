package org.hotline.line;

import java.util.ArrayList;
import java.util.List;
import org.hotline.protocol.Head;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.TranscriptBundle;
import org.hotline.protocol.VerifyingKey;
import org.hotline.store.LineRecord;
import org.hotline.store.Store;
import org.hotline.store.StoredEntry;
import org.hotline.store.StoredReceipt;

/** A line's transcript as an auditor's bundle: both chains in this station's order, both keys, the latest receipt. */
public final class TranscriptExport {
    private TranscriptExport() {}

    /** The bundle, its header (names, keys, heads) signed with {@code key}, this station's. */
    public static TranscriptBundle bundle(Store store, String stationName, SigningKey key, LineRecord line) {
        VerifyingKey ours = key.verifyingKey();
        List<SignedEntry> entries = new ArrayList<>();
        Head ownHead = Head.EMPTY;
        Head peerHead = Head.EMPTY;
        long after = 0;
        while (true) {
            List<StoredEntry> page = store.transcript(line.id(), after, 5000);
            if (page.isEmpty()) {
                break;
            }
            for (StoredEntry stored : page) {
                entries.add(stored.signed());
                if (stored.signed().entry().author().equals(ours.stationId())) {
                    ownHead = stored.signed().head();
                } else {
                    peerHead = stored.signed().head();
                }
            }
            after = page.getLast().position();
        }
        List<SignedReceipt> receipts = store.latestReceipt(line.id()).map(StoredReceipt::signed).stream().toList();
        return TranscriptBundle.signed(line.id(), List.of(
                new TranscriptBundle.Party(ours.stationId(), stationName, ours, ownHead),
                new TranscriptBundle.Party(line.peerId(), line.peerName(), line.peerKey(), peerHead)), entries, receipts, key);
    }
}
