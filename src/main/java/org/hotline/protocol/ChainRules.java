package org.hotline.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.ProtocolException.Reason;

/**
 * The transcript rules a receiver applies to a batch from its peer: right line, right author,
 * {@code seq} continuity without gaps, {@code prev} linking to the author's previous entry,
 * {@code seen} naming an entry we really wrote and never going backwards, replays recognised, and
 * equivocation caught; and every new entry dated within the {@link TimeBounds}, never before the
 * author's previous one.
 */
public final class ChainRules {
    public static final int MAX_BATCH = 1000;

    private ChainRules() {}

    /** Checks every signature of the batch against the peer's key. */
    public static void verifySignatures(List<SignedEntry> batch, VerifyingKey peerKey) throws ProtocolException {
        for (SignedEntry entry : batch) {
            entry.verifySignature(peerKey);
        }
    }

    /**
     * Checks that every entry of a batch is for {@code line} and by {@code peer}. Cheap, so done
     * before the signatures: an entry by someone else is named as such, not as a bad signature.
     */
    public static void checkAddressed(LineId line, StationId peer, List<SignedEntry> batch) throws ProtocolException {
        for (SignedEntry signed : batch) {
            checkAddressed(line, peer, signed.entry());
        }
    }

    private static void checkAddressed(LineId line, StationId peer, Entry entry) throws ProtocolException {
        String name = "entry " + entry.author().shortForm() + "#" + entry.seq();
        if (!entry.line().equals(line)) {
            throw new ProtocolException(Reason.WRONG_LINE, name + " is for line " + entry.line() + ", not " + line);
        }
        if (!entry.author().equals(peer)) {
            throw new ProtocolException(Reason.WRONG_AUTHOR, name + " is authored by " + entry.author().shortForm()
                    + ", not by the peer " + peer.shortForm());
        }
    }

    /**
     * Applies the chain rules. Signatures must have been verified first. Throws when the batch is
     * refused; nothing of a refused batch may be stored.
     */
    public static BatchVerdict check(LineId line, StationId peer, List<SignedEntry> batch, ChainView view, TimeBounds bounds)
            throws ProtocolException {
        if (batch.isEmpty()) {
            throw new ProtocolException(Reason.MALFORMED, "batch is empty");
        }
        if (batch.size() > MAX_BATCH) {
            throw new ProtocolException(Reason.TOO_LARGE, "batch has " + batch.size() + " entries; the limit is " + MAX_BATCH);
        }
        Head head = view.peerHead();
        Head headSeen = view.peerHeadSeen();
        Head ownHead = view.ownHead();
        Optional<Instant> previousAt = view.peerHeadAt();
        List<SignedEntry> fresh = new ArrayList<>();
        int duplicates = 0;
        long lastSeq = 0;
        for (SignedEntry signed : batch) {
            Entry entry = signed.entry();
            String name = "entry " + entry.author().shortForm() + "#" + entry.seq();
            checkAddressed(line, peer, entry);
            if (entry.seq() <= lastSeq) {
                for (SignedEntry earlier : fresh) {
                    if (earlier.entry().seq() == entry.seq() && !earlier.hash().equals(signed.hash())) {
                        return new BatchVerdict.Equivocation(signed, earlier.hash(), Optional.of(earlier));
                    }
                }
                throw new ProtocolException(Reason.SEQ_GAP, name + " is out of order: it follows #" + lastSeq + " in the batch");
            }
            lastSeq = entry.seq();
            if (entry.seq() <= head.seq()) {
                // Only possible before any fresh entry, so head is still the stored head.
                Hash stored = view.peerEntryHash(entry.seq())
                        .orElseThrow(() -> new IllegalStateException("store lacks peer entry #" + entry.seq() + " below its head"));
                if (!stored.equals(signed.hash())) {
                    return new BatchVerdict.Equivocation(signed, stored);
                }
                duplicates++;
                continue;
            }
            if (entry.seq() != head.seq() + 1) {
                throw new ProtocolException(Reason.SEQ_GAP, name + " leaves a gap: expected #" + (head.seq() + 1));
            }
            if (!entry.prev().equals(head.hash())) {
                throw new ProtocolException(Reason.BAD_PREV, name + " has prev " + entry.prev().map(Hash::hex).orElse("null") + ", but #" + head.seq() + " hashes to " + head.hash().map(Hash::hex).orElse("null"));
            }
            Head seen = entry.seen();
            if (seen.seq() < headSeen.seq()) {
                throw new ProtocolException(Reason.BAD_SEEN, name + " has seen #" + seen.seq() + ", older than #" + headSeen.seq() + " seen before");
            }
            if (!seen.isEmpty()) {
                if (seen.seq() > ownHead.seq()) {
                    throw new ProtocolException(Reason.BAD_SEEN, name + " claims to have seen our #" + seen.seq() + ", which we never wrote");
                }
                Optional<Hash> ours = view.ownEntryHash(seen.seq());
                if (!ours.equals(seen.hash())) {
                    throw new ProtocolException(Reason.BAD_SEEN, name + " claims to have seen our #" + seen.seq() + " with a hash we never wrote");
                }
            }
            bounds.check(entry, previousAt);
            previousAt = Optional.of(entry.at());
            fresh.add(signed);
            head = signed.head();
            headSeen = seen;
        }
        return new BatchVerdict.Accepted(fresh, duplicates, head, headSeen);
    }
}
