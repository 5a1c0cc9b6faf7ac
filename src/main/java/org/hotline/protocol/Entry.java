package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One item on a line, as its author wrote it. {@code prev} is the hash of the author's entry
 * {@code seq - 1} (absent for seq 1); {@code seen} is the newest entry of the other author that the
 * author had stored ({@link Head#EMPTY} when none); {@code at} is the author's clock, informational.
 */
public record Entry(
        int version, LineId line, StationId author, long seq, Optional<Hash> prev, Head seen, Instant at, Body body) {
    public static final int VERSION = 1;

    public Entry {
        requireNonNull(line, "line is null");
        requireNonNull(author, "author is null");
        requireNonNull(prev, "prev is null");
        requireNonNull(seen, "seen is null");
        requireNonNull(at, "at is null");
        requireNonNull(body, "body is null");
        // The wire carries milliseconds; holding more would make the entry differ from its bytes.
        at = at.truncatedTo(ChronoUnit.MILLIS);
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
        if ((seq == 1) != prev.isEmpty()) {
            throw new IllegalArgumentException("only seq 1 has no prev");
        }
    }

    /** The head this entry makes, given its hash. */
    public Head headWith(Hash hash) {
        return Head.of(seq, hash);
    }
}
