package org.hotline.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.checkin.CheckinFixtures.ALPHA;
import static org.hotline.checkin.CheckinFixtures.BERLIN;
import static org.hotline.checkin.CheckinFixtures.FROM;
import static org.hotline.checkin.CheckinFixtures.SEOUL;
import static org.hotline.checkin.CheckinFixtures.UTC;
import static org.hotline.checkin.CheckinFixtures.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.CallKind;
import org.hotline.protocol.StationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTest {
    /** Monday 2 March 2026, 00:00 in Seoul. */
    private static final Instant SEOUL_MONDAY = Instant.parse("2026-03-01T15:00:00Z");

    @Test
    void liaisonLineOnWeekdaysOnlyGivesTwentyCallsInTwoWeeks() {
        Schedule liaison = schedule(SEOUL, "0 0 9,17 ? * MON-FRI");

        List<Instant> calls = liaison.between(SEOUL_MONDAY, SEOUL_MONDAY.plus(Duration.ofDays(14)), 1_000);

        assertThat(calls).hasSize(20).isSorted().doesNotHaveDuplicates();
        for (Instant call : calls) {
            ZonedDateTime there = call.atZone(SEOUL);
            assertThat(there.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(there.toLocalTime()).isIn(LocalTime.of(9, 0), LocalTime.of(17, 0));
            assertThat(call.atZone(UTC).toLocalTime()).isIn(LocalTime.of(0, 0), LocalTime.of(8, 0));
        }
        assertThat(calls.stream().map(call -> call.atZone(SEOUL).toLocalDate()).distinct()).hasSize(10);
        assertThat(calls.get(0)).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(calls.get(19)).isEqualTo(Instant.parse("2026-03-13T08:00:00Z"));
    }

    @Test
    void militaryLinesAtNineAndFourEveryDay() {
        Schedule military = Schedule.fromText("09:00,16:00 Asia/Seoul", CallerRule.ALTERNATE, CallKind.WATCH_TEST,
                Duration.ofMinutes(3), FROM);

        List<Instant> calls = military.between(SEOUL_MONDAY, SEOUL_MONDAY.plus(Duration.ofDays(7)), 1_000);

        assertThat(calls).hasSize(14);
        assertThat(calls.stream().filter(c -> c.atZone(SEOUL).getDayOfWeek() == DayOfWeek.SUNDAY)).hasSize(2);
        assertThat(calls.subList(0, 2)).containsExactly(
                Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-02T07:00:00Z"));
    }

    @Test
    void washingtonMoscowLineEveryHourOnTheHour() {
        Schedule hourly = schedule(UTC, "0 0 * * * ?");

        List<Instant> calls = hourly.between(Instant.parse("2026-05-01T10:30:00Z"), Instant.parse("2026-05-03T10:30:00Z"), 1_000);

        assertThat(calls).hasSize(48);
        assertThat(calls.get(0)).isEqualTo(Instant.parse("2026-05-01T11:00:00Z"));
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 1), calls.get(i))).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void severalExpressionsMergeInOrderAndSharedTimesCollapse() {
        // 09:00 weekdays, 09:00 and 12:00 every day, 12:00 Mondays again: every 09:00 and 12:00 once.
        Schedule merged = schedule(SEOUL, "0 0 9 ? * MON-FRI", "0 0 9,12 * * ?", "0 0 12 ? * MON");

        List<Instant> calls = merged.between(SEOUL_MONDAY, SEOUL_MONDAY.plus(Duration.ofDays(7)), 1_000);

        assertThat(calls).hasSize(14).isSorted().doesNotHaveDuplicates();
        assertThat(calls.stream().map(c -> c.atZone(SEOUL).toLocalTime()).distinct())
                .containsExactlyInAnyOrder(LocalTime.of(9, 0), LocalTime.of(12, 0));
        assertThat(merged.ordinal(calls.get(13)) - merged.ordinal(calls.get(0))).isEqualTo(13);

        Schedule interleaved = schedule(UTC, "0 0 10 * * ?", "0 0 8 * * ?", "0 30 8 * * ?", "0 0 10 * * ?");
        assertThat(interleaved.between(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z"), 10))
                .containsExactly(Instant.parse("2026-02-01T08:00:00Z"), Instant.parse("2026-02-01T08:30:00Z"),
                        Instant.parse("2026-02-01T10:00:00Z"));
    }

    @Test
    void nextAfterIsStrictlyAfterAndNeverBeforeFrom() {
        Schedule daily = schedule(UTC, Instant.parse("2026-06-10T09:00:00Z"), "0 0 9 * * ?");

        assertThat(daily.nextAfter(Instant.parse("2026-06-01T00:00:00Z"))).contains(Instant.parse("2026-06-11T09:00:00Z"));
        assertThat(daily.nextAfter(Instant.parse("2026-06-11T08:59:59.999Z"))).contains(Instant.parse("2026-06-11T09:00:00Z"));
        assertThat(daily.nextAfter(Instant.parse("2026-06-11T09:00:00Z"))).contains(Instant.parse("2026-06-12T09:00:00Z"));
        assertThat(daily.nextAfter(Instant.parse("2026-06-11T09:00:00.001Z"))).contains(Instant.parse("2026-06-12T09:00:00Z"));
        assertThat(daily.isCheckIn(Instant.parse("2026-06-10T09:00:00Z"))).isFalse(); // that is `from` itself
        assertThat(daily.isCheckIn(Instant.parse("2026-06-11T09:00:00Z"))).isTrue();
        assertThat(daily.isCheckIn(Instant.parse("2026-06-11T09:00:00.5Z"))).isFalse();
        assertThat(daily.isCheckIn(Instant.parse("2026-06-11T09:00:01Z"))).isFalse();
    }

    @Test
    void schedulesEndWithTheLastYearQuartzCanName() {
        Schedule yearly = schedule(UTC, Instant.parse("2090-01-01T00:00:00Z"), "0 0 12 1 1 ?");

        assertThat(yearly.nextAfter(Instant.parse("2098-06-01T00:00:00Z"))).contains(Instant.parse("2099-01-01T12:00:00Z"));
        assertThat(yearly.nextAfter(Instant.parse("2099-01-01T12:00:00Z"))).isEmpty();
        assertThat(yearly.nextAfter(Instant.MAX)).isEmpty();
        assertThat(yearly.between(Instant.parse("2095-01-01T00:00:00Z"), Instant.MAX, 100)).hasSize(5);

        Schedule once = schedule(UTC, Instant.EPOCH, "0 0 12 1 1 ? 2027");
        assertThat(once.nextAfter(Instant.MIN)).contains(Instant.parse("2027-01-01T12:00:00Z"));
        assertThat(once.nextAfter(Instant.parse("2027-01-01T12:00:00Z"))).isEmpty();
    }

    @Test
    void quartzSpecialDaysWork() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = Instant.parse("2026-07-01T00:00:00Z");

        assertThat(schedule(UTC, "0 0 9 L * ?").between(start, end, 100)).extracting(i -> i.atZone(UTC).getDayOfMonth())
                .containsExactly(31, 28, 31, 30, 31, 30);
        assertThat(schedule(UTC, "0 0 9 ? * MON#1").between(start, end, 100))
                .allSatisfy(i -> {
                    assertThat(i.atZone(UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
                    assertThat(i.atZone(UTC).getDayOfMonth()).isLessThanOrEqualTo(7);
                })
                .hasSize(6);
        assertThat(schedule(UTC, "0 0 9 29 2 ?").between(Instant.EPOCH, Instant.parse("2040-01-01T00:00:00Z"), 100))
                .extracting(i -> i.atZone(UTC).getYear())
                .containsExactly(2028, 2032, 2036);
    }

    /** Odd corners of Quartz syntax: the schedule fires exactly where cron-utils, stepping alone, says. */
    @ParameterizedTest
    @ValueSource(strings = {
        "0 0 9 LW * ?", "0 0 9 15W * ?", "0 0 9 ? * 6L", "0 0 9 ? * 2#5", "0 0 9 L-3 * ?", "0 15 10 ? * MON-FRI 2027-2028",
        "0 0/10 8-9 1,15 JAN,JUL ?", "30 59 23 L DEC ?", "15,45 0 0 29 2 ?", "0 0 12 ? 2/3 SUN", "0 5-7,50 */7 ? * TUE-THU"})
    void oddExpressionsFireWhereCronUtilsSays(String cron) {
        Schedule schedule = schedule(UTC, Instant.parse("2026-01-01T00:00:00Z"), cron);
        com.cronutils.model.time.ExecutionTime execution = com.cronutils.model.time.ExecutionTime.forCron(
                new com.cronutils.parser.CronParser(com.cronutils.model.definition.CronDefinitionBuilder.instanceDefinitionFor(
                        com.cronutils.model.CronType.QUARTZ)).parse(cron));
        Instant end = Instant.parse("2030-01-01T00:00:00Z");
        List<Instant> expected = new ArrayList<>();
        Optional<ZonedDateTime> t = execution.nextExecution(schedule.from().atZone(UTC));
        while (t.isPresent() && t.get().toInstant().isBefore(end)) {
            expected.add(t.get().toInstant());
            t = execution.nextExecution(t.get());
        }

        assertThat(expected).isNotEmpty();
        assertThat(schedule.between(schedule.from(), end, Schedule.MAX_LISTED)).isEqualTo(expected);
        assertThat(schedule.ordinal(expected.get(expected.size() - 1))).isEqualTo(expected.size() - 1);
    }

    @Test
    void lowerCaseDayNamesWorkWhateverTheDefaultLocale() {
        // The build runs tests under a Turkish locale, where "fri".toUpperCase() is "FRİ".
        Schedule lower = schedule(SEOUL, "0 0 9 ? * mon-fri");
        Schedule upper = schedule(SEOUL, "0 0 9 ? * MON-FRI");

        assertThat(lower.between(SEOUL_MONDAY, SEOUL_MONDAY.plus(Duration.ofDays(14)), 100))
                .hasSize(10)
                .isEqualTo(upper.between(SEOUL_MONDAY, SEOUL_MONDAY.plus(Duration.ofDays(14)), 100));
        assertThat(lower.crons()).containsExactly("0 0 9 ? * mon-fri");
    }

    @Test
    void badExpressionsAreRefusedByName() {
        assertThatThrownBy(() -> schedule(SEOUL, "0 0 9 ? * MON-FRI", "0 0 25 * * ?"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cron expression 2 of 2 ('0 0 25 * * ?')")
                .hasMessageContaining("not a valid Quartz cron expression")
                .hasMessageContaining("25");
        assertThatThrownBy(() -> schedule(SEOUL, "0 9 * * 1-5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cron expression '0 9 * * 1-5'")
                .hasMessageContaining("5 parts");
        assertThatThrownBy(() -> schedule(SEOUL, "0 0 9 * * MON-FRI"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("day-of-month");
        assertThatThrownBy(() -> schedule(SEOUL, "0 0 9 ? * FRY"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0 0 9 ? * FRY'");
        assertThatThrownBy(() -> schedule(SEOUL, "0 0 0 30 2 ?"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never matches");
        assertThatThrownBy(() -> schedule(SEOUL, "0 0 9 * * ?", "  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cron expression 2 of 2")
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> schedule(SEOUL, "@daily")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> schedule(SEOUL, "0 0 9 * * ? 2100")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> schedule(SEOUL, "0 0 9 * * ? " + "1".repeat(300)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 200");
    }

    @Test
    void theListOfExpressionsIsCheckedAndCopied() {
        assertThatThrownBy(() -> Schedule.of(List.of(), SEOUL, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> Schedule.of(Collections.nCopies(33, "0 0 9 * * ?"), SEOUL, CallerRule.ALTERNATE,
                        CallKind.LINK_TEST, FROM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 32");
        assertThatThrownBy(() -> Schedule.of(Arrays.asList("0 0 9 * * ?", null), SEOUL, CallerRule.ALTERNATE,
                        CallKind.LINK_TEST, FROM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cron expression 2 of 2 is null");
        assertThatThrownBy(() -> Schedule.of(List.of("0 0 9 * * ?"), null, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("zone");

        List<String> crons = new ArrayList<>(List.of("0 0 9 * * ?"));
        Schedule schedule = Schedule.of(crons, SEOUL, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM);
        crons.add("0 0 10 * * ?");
        assertThat(schedule.crons()).containsExactly("0 0 9 * * ?");
        assertThatThrownBy(() -> schedule.crons().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(schedule).isEqualTo(Schedule.of(List.of("0 0 9 * * ?"), SEOUL, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM));
    }

    @Test
    void badZonesAreRefusedClearly() {
        assertThatThrownBy(() -> Schedule.zone("Asia/Seul"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown time zone 'Asia/Seul'; use a region such as Asia/Seoul or Europe/Berlin, or UTC");
        assertThatThrownBy(() -> Schedule.zone("europe/berlin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did you mean Europe/Berlin?");
        assertThatThrownBy(() -> Schedule.zone("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.fromText("09:00 Mars/Olympus", CallerRule.ALTERNATE, CallKind.LINK_TEST,
                        Schedule.DEFAULT_ANSWER_WINDOW, FROM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
        assertThat(Schedule.zone("Asia/Seoul")).isEqualTo(SEOUL);
        assertThat(Schedule.zone("+09:00")).isEqualTo(ZoneId.of("+09:00"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 86_401, 1_000_000, -60})
    void answerWindowsOutsideTenSecondsToADayAreRefused(long seconds) {
        assertThatThrownBy(() -> new Schedule(List.of("0 0 9 * * ?"), SEOUL, CallerRule.ALTERNATE, CallKind.WATCH_TEST,
                        Duration.ofSeconds(seconds), FROM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("answer window must be from 10 s to 24 h");
    }

    @ParameterizedTest
    @ValueSource(longs = {10, 11, 300, 3_600, 86_400})
    void answerWindowsFromTenSecondsToADayAreAccepted(long seconds) {
        Schedule schedule = new Schedule(List.of("0 0 9 * * ?"), SEOUL, CallerRule.ALTERNATE, CallKind.WATCH_TEST,
                Duration.ofSeconds(seconds), FROM);
        assertThat(schedule.answerWindow()).hasSeconds(seconds);
        assertThat(Schedule.of(List.of("0 0 9 * * ?"), SEOUL, CallerRule.ALTERNATE, CallKind.WATCH_TEST, FROM).answerWindow())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void betweenChecksItsArgumentsAndStopsAtMax() {
        Schedule hourly = schedule(UTC, "0 0 * * * ?");
        Instant start = Instant.parse("2026-03-01T00:00:00Z");

        assertThat(hourly.between(start, start.plus(Duration.ofDays(1)), 5))
                .containsExactly(start.plusSeconds(3600), start.plusSeconds(7200), start.plusSeconds(10800),
                        start.plusSeconds(14400), start.plusSeconds(18000));
        assertThat(hourly.between(start, start, 5)).isEmpty();
        assertThat(hourly.between(start, start.plusSeconds(3600), 5)).containsExactly(start.plusSeconds(3600));
        assertThat(hourly.between(Instant.parse("2025-12-31T22:30:00Z"), Instant.parse("2026-01-01T02:00:00Z"), 10))
                .as("nothing at or before from")
                .containsExactly(Instant.parse("2026-01-01T01:00:00Z"), Instant.parse("2026-01-01T02:00:00Z"));
        assertThatThrownBy(() -> hourly.between(start, start.minusSeconds(1), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before it starts");
        assertThatThrownBy(() -> hourly.between(start, start.plusSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max must be from 1 to 100000");
        assertThatThrownBy(() -> hourly.between(start, start.plusSeconds(1), 100_001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItselfForPeople() {
        Schedule liaison = Schedule.fromText("09:00,17:00 mon-fri Asia/Seoul", CallerRule.station(ALPHA), CallKind.LINK_TEST,
                Schedule.DEFAULT_ANSWER_WINDOW, FROM);
        assertThat(liaison.describe(station -> station.equals(ALPHA) ? "Blue House" : "?")).isEqualTo(
                "09:00 and 17:00 Mon-Fri Asia/Seoul, link test, answered by the station, answer within 5 min, called by Blue House");

        Schedule military = new Schedule(List.of("0 0 16 * * ?", "0 0 9 * * ?"), SEOUL, CallerRule.ALTERNATE,
                CallKind.WATCH_TEST, Duration.ofSeconds(90), FROM);
        assertThat(military.describe(StationId::display)).isEqualTo("09:00 and 16:00 daily Asia/Seoul, watch test, answered by an operator, answer within 1 min 30 s,"
                + " called by each station in turn, the one whose id sorts first placing the first call");

        Schedule hourly = new Schedule(List.of("0 0 * * * ?"), UTC, CallerRule.ALTERNATE, CallKind.LINK_TEST,
                Duration.ofHours(1), FROM);
        assertThat(hourly.describe(StationId::display)).startsWith("hourly UTC, link test, answered by the station, answer within 1 h, called by each station in turn");

        Schedule mixed = schedule(BERLIN, "0 30 8 ? * SAT,SUN", "0 15 10 L * ?", "0 0 12,18 ? * SAT,SUN");
        assertThat(mixed.describe(StationId::display)).startsWith("08:30, 12:00 and 18:00 Sat, Sun; cron '0 15 10 L * ?' Europe/Berlin, link test");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(Schedule.words(Duration.ofSeconds(10))).isEqualTo("10 s");
        assertThat(Schedule.words(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(Schedule.words(Duration.ofSeconds(3_725))).isEqualTo("1 h 2 min 5 s");
        assertThat(Schedule.words(Duration.ofHours(24))).isEqualTo("24 h");
    }

    @Test
    void emptyWhenNothingIsLeft() {
        Schedule past = schedule(UTC, Instant.parse("2030-01-01T00:00:00Z"), "0 0 9 * * ? 2027");
        assertThat(past.nextAfter(FROM)).isEqualTo(Optional.empty());
        assertThat(past.between(FROM, Instant.parse("2040-01-01T00:00:00Z"), 10)).isEmpty();
        assertThat(past.isCheckIn(Instant.parse("2027-01-01T09:00:00Z"))).isFalse();
    }
}
