package org.hotline.delivery;

/** The peer answered and refused the request, saying why. Retrying the same request will not help. */
public final class PeerRefusedException extends Exception {
    private final int status;
    private final Wire.Refusal refusal;
    private final java.util.Optional<java.time.Duration> retryAfter;

    public PeerRefusedException(int status, Wire.Refusal refusal) {
        this(status, refusal, java.util.Optional.empty());
    }

    public PeerRefusedException(int status, Wire.Refusal refusal, java.util.Optional<java.time.Duration> retryAfter) {
        super("peer refused (" + status + " " + refusal.error() + "): " + refusal.reason());
        this.status = status;
        this.refusal = refusal;
        this.retryAfter = retryAfter;
    }

    /** The peer's Retry-After: when it says the same request may succeed (a quota refusal). */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return retryAfter;
    }

    public int status() {
        return status;
    }

    public Wire.Refusal refusal() {
        return refusal;
    }
}
