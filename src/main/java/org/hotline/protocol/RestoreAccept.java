package org.hotline.protocol;

/** The author accepts the other side's restore proposal number {@code proposal} (its seq): the line is open again. */
public record RestoreAccept(long proposal) implements Body {
    public static final String TYPE = "restore-accept";

    public RestoreAccept {
        if (proposal < 1) {
            throw new IllegalArgumentException("restore-accept names a proposal seq ≥ 1");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
