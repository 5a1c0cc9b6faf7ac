package org.hotline.line;

import java.util.List;
import java.util.Optional;

/** A page of a line's transcript, newest last, with the latest agreed checkpoint. */
public record TranscriptPage(String line, List<EntryView> entries, long last, Optional<CheckpointView> checkpoint) {
    public TranscriptPage {
        entries = List.copyOf(entries);
    }

    public record CheckpointView(String digest, long ownSeq, long peerSeq, java.time.Instant agreedAt) {}
}
