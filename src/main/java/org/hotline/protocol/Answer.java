package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

/**
 * The answer to the other side's call number {@code call} (its seq), naming who answered (an
 * operator, or "station" for an automatic link-test answer) and how long the call rang here.
 */
public record Answer(long call, String by, long latencyMillis) implements Body {
    public static final String TYPE = "answer";
    public static final String BY_STATION = "station";

    public Answer {
        requireNonNull(by, "by is null");
        if (call < 1) {
            throw new IllegalArgumentException("an answer names a call seq ≥ 1");
        }
        if (by.isBlank() || by.length() > 100) {
            throw new IllegalArgumentException("an answer names who answered (1-100 characters)");
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latency is negative");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
