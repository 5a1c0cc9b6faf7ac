package org.hotline.line;

import java.util.List;
import java.util.Optional;

/** A page of a line's transcript, newest last, with the latest agreed checkpoint. */
public record TranscriptPage(String line, List<EntryView> entries, long last, Optional<CheckpointView> checkpoint, List<WaitingView> waiting,
        long waitingCount) {
    /** How many of a cut line's waiting drafts a page lists (all are counted). */
    public static final int MAX_WAITING = 100;

    public TranscriptPage {
        entries = List.copyOf(entries);
        waiting = List.copyOf(waiting);
    }

    /**
     * Something written here while the line is cut: not yet signed nor in the transcript, kept as a
     * draft in the order written, and signed and sent at the restore (its entry then carries the
     * restore's time, since a chain's times never go back).
     */
    public record WaitingView(long draft, String type, String text, Optional<String> priority, Optional<String> lang,
            java.time.Instant writtenAt) {}

    public record CheckpointView(String digest, long ownSeq, long peerSeq, java.time.Instant agreedAt) {}
}
