package org.hotline.delivery;

import java.time.Duration;

/** A batch would take the peer past the line's quota; nothing of it is stored. */
public final class QuotaExceededException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    QuotaExceededException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When the batch would fit again, if the peer sends nothing else meanwhile. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
