package org.hotline.checkin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.hotline.protocol.CallKind;
import org.hotline.protocol.StationId;

/** Shared values for the check-in tests. */
final class CheckinFixtures {
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId UTC = ZoneId.of("UTC");
    static final StationId ALPHA = new StationId("A".repeat(52));
    static final StationId BRAVO = new StationId("B".repeat(52));

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private CheckinFixtures() {}

    static Schedule schedule(ZoneId zone, String... crons) {
        return Schedule.of(List.of(crons), zone, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM);
    }

    static Schedule schedule(ZoneId zone, Instant from, String... crons) {
        return new Schedule(List.of(crons), zone, CallerRule.ALTERNATE, CallKind.LINK_TEST, Schedule.DEFAULT_ANSWER_WINDOW, from);
    }

    /** The check-ins whose wall-clock date in the schedule's zone is {@code day}. */
    static List<Instant> onLocalDay(Schedule schedule, LocalDate day) {
        Instant start = day.atStartOfDay(schedule.zone()).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(schedule.zone()).toInstant();
        return schedule.between(start.minusSeconds(1), end.minusSeconds(1), 1_000);
    }

    static StationId randomStation(Random random) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 52; i++) {
            id.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return new StationId(id.toString());
    }
}
