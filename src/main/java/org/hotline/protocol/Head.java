package org.hotline.protocol;

import java.util.Optional;

/**
 * The newest entry of one author's chain on a line: its seq and hash. {@link #EMPTY} is the head
 * of a chain with no entries yet (seq 0, no hash).
 */
public record Head(long seq, Optional<Hash> hash) {
    public static final Head EMPTY = new Head(0, Optional.empty());

    public Head {
        if (seq < 0) {
            throw new IllegalArgumentException("seq is negative: " + seq);
        }
        if ((seq == 0) != hash.isEmpty()) {
            throw new IllegalArgumentException("seq 0 has no hash and every other seq has one");
        }
    }

    public static Head of(long seq, Hash hash) {
        return new Head(seq, Optional.of(hash));
    }

    public boolean isEmpty() {
        return seq == 0;
    }

    public Head next(Hash hash) {
        return Head.of(seq + 1, hash);
    }

    @Override
    public String toString() {
        return hash.map(h -> seq + ":" + h.hex().substring(0, 12)).orElse("0:-");
    }
}
