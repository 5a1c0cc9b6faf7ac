package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalLong;
import org.hotline.protocol.Hash;
import org.hotline.protocol.LineId;

/**
 * An operator's request, named by the key the client chose, and what it wrote: an entry of ours
 * ({@code ownSeq}) or a draft waiting for a restore ({@code draftSeq}). The body's hash tells a
 * repeat from a different request that reuses the key.
 */
public record RequestKey(String key, LineId line, Hash bodyHash, OptionalLong ownSeq, OptionalLong draftSeq, Instant writtenAt) {
    public static final int MAX_KEY = 300;

    public RequestKey {
        requireNonNull(key, "key is null");
        requireNonNull(line, "line is null");
        requireNonNull(bodyHash, "bodyHash is null");
        requireNonNull(ownSeq, "ownSeq is null");
        requireNonNull(draftSeq, "draftSeq is null");
        requireNonNull(writtenAt, "writtenAt is null");
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("a request key has 1-" + MAX_KEY + " characters");
        }
    }
}
