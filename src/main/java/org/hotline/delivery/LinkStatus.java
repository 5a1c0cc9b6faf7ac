package org.hotline.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Observed health of the link to a peer: up or down, last contact, round-trip time, last error. */
public record LinkStatus(boolean up, Optional<Instant> lastContact, Optional<Duration> roundTrip, Optional<String> lastError) {
    public static final LinkStatus UNKNOWN = new LinkStatus(false, Optional.empty(), Optional.empty(), Optional.empty());

    public LinkStatus {
        requireNonNull(lastContact, "lastContact is null");
        requireNonNull(roundTrip, "roundTrip is null");
        requireNonNull(lastError, "lastError is null");
    }
}
