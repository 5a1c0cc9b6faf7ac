package org.hotline.protocol;

/** The author agrees to the other side's schedule proposal number {@code proposal} (its seq). */
public record ScheduleAccept(long proposal) implements Body {
    public static final String TYPE = "schedule-accept";

    public ScheduleAccept {
        if (proposal < 1) {
            throw new IllegalArgumentException("schedule-accept names a proposal seq ≥ 1");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
