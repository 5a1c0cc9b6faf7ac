package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** A scheduled check-in call: the other side answers within {@code window} or the call is missed. */
public record Call(CallKind kind, Instant scheduled, Duration window) implements Body {
    public static final String TYPE = "call";

    public Call {
        requireNonNull(kind, "kind is null");
        requireNonNull(scheduled, "scheduled is null");
        requireNonNull(window, "window is null");
        if (window.toSeconds() < 1 || window.toHours() > 24) {
            throw new IllegalArgumentException("answer window must be 1 s to 24 h");
        }
        scheduled = scheduled.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        window = Duration.ofSeconds(window.toSeconds());
    }

    @Override
    public String type() {
        return TYPE;
    }
}
