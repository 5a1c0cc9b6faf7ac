package org.hotline.line;

import java.time.Instant;
import java.util.Optional;

/**
 * An entry as people read it, with its delivery state: for ours, {@code queued} until the peer's
 * signed receipt covers it, then {@code delivered}; for the peer's, {@code received}.
 */
public record EntryView(
        long position,
        String author,
        boolean mine,
        long seq,
        String hash,
        String type,
        Instant at,
        Instant storedAt,
        Optional<String> text,
        Optional<String> priority,
        Optional<String> lang,
        String delivery,
        Optional<Instant> receiptAt) {}
