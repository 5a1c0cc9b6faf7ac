package org.hotline.protocol;

import java.util.List;
import java.util.Optional;
import org.hotline.protocol.ProtocolException.Reason;

/**
 * Checks a whole chain as an auditor would, with nothing but the entries and the author's key:
 * every signature, the line, the author, seq from 1 without gaps, and prev linking each entry to
 * the one before. Pure; used by backups' verification and offline tools.
 */
public final class ChainAudit {
    private ChainAudit() {}

    /** Returns the chain's head, or throws naming the first entry that breaks a rule. */
    public static Head verify(LineId line, VerifyingKey author, List<SignedEntry> chain) throws ProtocolException {
        StationId authorId = author.stationId();
        Head head = Head.EMPTY;
        for (SignedEntry signed : chain) {
            Entry entry = signed.entry();
            String name = "entry " + authorId.shortForm() + "#" + entry.seq();
            signed.verifySignature(author);
            if (!entry.line().equals(line)) {
                throw new ProtocolException(Reason.WRONG_LINE, name + " is for another line");
            }
            if (!entry.author().equals(authorId)) {
                throw new ProtocolException(Reason.WRONG_AUTHOR, name + " is by another author");
            }
            if (entry.seq() != head.seq() + 1) {
                throw new ProtocolException(Reason.SEQ_GAP, name + " follows #" + head.seq());
            }
            Optional<Hash> expected = head.hash();
            if (!entry.prev().equals(expected)) {
                throw new ProtocolException(Reason.BAD_PREV, name + " does not link to #" + head.seq());
            }
            head = signed.head();
        }
        return head;
    }
}
