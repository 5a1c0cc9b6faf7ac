package org.hotline.checkin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the check-in calls say about a line, apart from its declared state: the agreed schedule,
 * the next call, the last answered call and how long it took, the run of missed calls, and the
 * other side's calls ringing here now.
 */
public record LineHealth(
        Optional<String> schedule,
        Optional<Instant> nextCall,
        boolean weCallNext,
        Optional<Instant> lastAnsweredCall,
        Optional<Duration> lastAnswerLatency,
        long missedStreak,
        long ringing) {
    public static final LineHealth NONE = new LineHealth(Optional.empty(), Optional.empty(), false, Optional.empty(),
            Optional.empty(), 0, 0);
}
