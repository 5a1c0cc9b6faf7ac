package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

/** The author proposes to restore a suspended line. */
public record RestoreProposal(String note) implements Body {
    public static final String TYPE = "restore-proposal";

    public RestoreProposal {
        requireNonNull(note, "note is null");
        if (note.length() > 2000) {
            throw new IllegalArgumentException("note is longer than 2000 characters");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
