package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

/**
 * The author cuts the line. Announced: the entry goes to the peer at once. Silent: it stays in the
 * author's outbox and reaches the peer only with the author's later restore proposal or
 * acceptance, so the transcript still records when the cut happened.
 */
public record Suspend(boolean announced, String reason) implements Body {
    public static final String TYPE = "suspend";

    public Suspend {
        requireNonNull(reason, "reason is null");
        if (reason.length() > 2000) {
            throw new IllegalArgumentException("reason is longer than 2000 characters");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
