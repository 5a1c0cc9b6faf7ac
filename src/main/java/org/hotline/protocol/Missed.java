package org.hotline.protocol;

/** Written by the caller when its call number {@code call} went unanswered within the window. */
public record Missed(long call) implements Body {
    public static final String TYPE = "missed";

    public Missed {
        if (call < 1) {
            throw new IllegalArgumentException("missed names a call seq ≥ 1");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
