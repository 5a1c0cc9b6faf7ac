package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.hotline.protocol.Body;
import org.hotline.protocol.LineId;

/** Something written on a suspended line: it waits here until the line is restored. */
public record Draft(LineId line, long seq, Body body, Instant writtenAt) {
    public Draft {
        requireNonNull(line, "line is null");
        requireNonNull(body, "body is null");
        requireNonNull(writtenAt, "writtenAt is null");
        if (seq < 1) {
            throw new IllegalArgumentException("draft seq starts at 1");
        }
    }
}
