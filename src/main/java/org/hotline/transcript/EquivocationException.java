package org.hotline.transcript;

import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;

/** The peer signed two entries with one seq. The evidence is stored and the line flagged. */
public final class EquivocationException extends RuntimeException {
    private final SignedEntry conflicting;

    public EquivocationException(SignedEntry conflicting) {
        super("equivocation: the peer signed a second, different entry #" + conflicting.entry().seq()
                + "; both are kept as evidence and the line is flagged");
        this.conflicting = conflicting;
    }

    public SignedEntry conflicting() {
        return conflicting;
    }

    public ProtocolException.Reason reason() {
        return ProtocolException.Reason.EQUIVOCATION;
    }
}
