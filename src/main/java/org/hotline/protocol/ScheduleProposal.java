package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A proposed check-in schedule: cron expressions (Quartz syntax) in a time zone, who calls (a
 * station id, or {@code alternate}), the kind of call, the answer window, and the instant from
 * which it applies. It takes effect when the other side's {@link ScheduleAccept} names it.
 */
public record ScheduleProposal(List<String> crons, String zone, String caller, CallKind kind, Duration window, Instant from)
        implements Body {
    public static final String TYPE = "schedule";
    public static final String ALTERNATE = "alternate";

    public ScheduleProposal {
        crons = List.copyOf(crons);
        requireNonNull(zone, "zone is null");
        requireNonNull(caller, "caller is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(window, "window is null");
        requireNonNull(from, "from is null");
        if (crons.isEmpty() || crons.size() > 24) {
            throw new IllegalArgumentException("a schedule has 1 to 24 cron expressions");
        }
        for (String cron : crons) {
            if (cron.isBlank() || cron.length() > 200) {
                throw new IllegalArgumentException("a cron expression is 1-200 characters");
            }
        }
        if (!caller.equals(ALTERNATE)) {
            new StationId(caller);
        }
        if (window.toSeconds() < 1 || window.toHours() > 24) {
            throw new IllegalArgumentException("answer window must be 1 s to 24 h");
        }
        window = Duration.ofSeconds(window.toSeconds());
        from = from.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
