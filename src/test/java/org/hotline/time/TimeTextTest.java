package org.hotline.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeTextTest {
    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");
    private static final List<Instant> EXTREMES = List.of(Instant.MIN, Instant.MAX, Instant.parse("+999999999-12-31T23:59:59.999Z"),
            Instant.parse("-999999999-01-01T00:00:00Z"), Instant.parse("0000-12-31T23:00:00Z"), Instant.parse("+10000-01-01T00:00:00Z"),
            TimeText.EARLIEST, TimeText.LATEST, TimeText.EARLIEST.minusNanos(1), TimeText.LATEST.plusNanos(1), Instant.EPOCH);

    @Test
    void everyInstantFormatsInEveryZoneAndThoseBeyondTheCalendarAreMarked() {
        for (String zone : ZoneId.getAvailableZoneIds()) {
            for (Instant instant : EXTREMES) {
                String text = TimeText.format(instant, ZoneId.of(zone), PATTERN);
                assertThat(text.contains("outside the calendar")).as(zone + " " + instant).isEqualTo(!TimeText.inCalendar(instant));
                assertThat(TimeText.clamp(instant)).matches(TimeText::inCalendar);
            }
        }
        assertThat(TimeText.format(Instant.parse("+999999999-12-31T23:59:59.999Z"), ZoneId.of("Pacific/Kiritimati"), PATTERN))
                .isEqualTo("+999999999-12-31T23:59:59.999Z (outside the calendar)");
        assertThat(TimeText.format(Instant.parse("2026-11-23T12:00:00Z"), ZoneId.of("Asia/Kathmandu"), PATTERN))
                .startsWith("2026-11-23 17:45:00 ");
        assertThat(java.util.Date.from(TimeText.clamp(Instant.MAX))).isNotNull();
    }
}
