package org.hotline.line;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of a line's timeline: when, what kind of event, and in words. A folded streak of calls
 * has an end time and a count.
 */
public record HistoryItem(Instant at, Optional<Instant> until, String kind, long count, String text) {
    public HistoryItem {
        requireNonNull(at, "at is null");
        requireNonNull(until, "until is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }
}
