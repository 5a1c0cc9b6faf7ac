package org.hotline.line;

import java.time.Instant;
import java.util.Optional;

/** One line as `hotline lines` and the API show it: declared state beside observed link health. */
public record LineSummary(
        String id,
        String name,
        String peerId,
        String peerName,
        String peerAddress,
        String state,
        boolean linkUp,
        Optional<Instant> lastContact,
        Optional<Long> roundTripMicros,
        Optional<String> linkError,
        long ownEntries,
        long peerEntries,
        long queued,
        Optional<String> checkpointDigest,
        Optional<String> flag,
        Instant openedAt) {}
