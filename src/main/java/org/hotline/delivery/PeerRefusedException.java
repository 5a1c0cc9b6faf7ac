package org.hotline.delivery;

/** The peer answered and refused the request, saying why. Retrying the same request will not help. */
public final class PeerRefusedException extends Exception {
    private final int status;
    private final Wire.Refusal refusal;

    public PeerRefusedException(int status, Wire.Refusal refusal) {
        super("peer refused (" + status + " " + refusal.error() + "): " + refusal.reason());
        this.status = status;
        this.refusal = refusal;
    }

    public int status() {
        return status;
    }

    public Wire.Refusal refusal() {
        return refusal;
    }
}
