package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.hotline.protocol.Checkpoint;

/** An agreed checkpoint and when this station learned of it. */
public record StoredCheckpoint(Checkpoint checkpoint, Instant agreedAt) {
    public StoredCheckpoint {
        requireNonNull(checkpoint, "checkpoint is null");
        requireNonNull(agreedAt, "agreedAt is null");
    }
}
