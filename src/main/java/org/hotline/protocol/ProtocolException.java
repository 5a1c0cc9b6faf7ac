package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

/** A rule of the protocol was broken; {@link #reason()} says which, the message says how. */
public final class ProtocolException extends Exception {
    private final Reason reason;

    public ProtocolException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }

    /** Every way an entry, a batch or a receipt can be refused. */
    public enum Reason {
        MALFORMED,
        TOO_LARGE,
        UNSUPPORTED_VERSION,
        UNKNOWN_TYPE,
        BAD_SIGNATURE,
        WRONG_LINE,
        WRONG_AUTHOR,
        SEQ_GAP,
        BAD_PREV,
        BAD_SEEN,
        /** An entry's {@code at} is implausible: see {@link TimeBounds}. */
        BAD_TIME,
        EQUIVOCATION,
        BAD_RECEIPT
    }
}
