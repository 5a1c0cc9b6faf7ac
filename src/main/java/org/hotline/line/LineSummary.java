package org.hotline.line;

import java.time.Instant;
import java.util.Optional;

/**
 * One line as `hotline lines` and the API show it: its declared state (open, suspended — by whom,
 * since when, silently or not — or restore proposed) apart from its observed health (link,
 * round trip, last contact, check-in calls answered and missed), and what waits to be delivered.
 */
public record LineSummary(
        String id,
        String name,
        String peerId,
        String peerName,
        String peerAddress,
        String state,
        boolean silent,
        Optional<String> suspendedBy,
        Optional<Instant> suspendedSince,
        Optional<String> suspendReason,
        Optional<String> restoreProposedBy,
        boolean linkUp,
        Optional<Instant> lastContact,
        Optional<Long> roundTripMicros,
        Optional<String> linkError,
        Optional<String> schedule,
        Optional<Instant> nextCall,
        boolean weCallNext,
        Optional<Instant> lastAnsweredCall,
        Optional<Long> lastAnswerLatencyMillis,
        long missedStreak,
        long ringing,
        long ownEntries,
        long peerEntries,
        long queued,
        Optional<String> checkpointDigest,
        Optional<String> flag,
        Instant openedAt) {}
