package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.StationId;

/** The newest stored entry of one author on one line, what that entry had seen, and its {@code at}. */
public record ChainHead(LineId line, StationId author, Head head, Head seen, Instant at) {
    public ChainHead {
        requireNonNull(line, "line is null");
        requireNonNull(author, "author is null");
        requireNonNull(head, "head is null");
        requireNonNull(seen, "seen is null");
        requireNonNull(at, "at is null");
    }
}
