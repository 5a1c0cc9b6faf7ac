package org.hotline.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.checkin.CheckinFixtures.BERLIN;
import static org.hotline.checkin.CheckinFixtures.NEW_YORK;
import static org.hotline.checkin.CheckinFixtures.onLocalDay;
import static org.hotline.checkin.CheckinFixtures.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule: every wall-clock time an expression names fires once, at {@code ZonedDateTime.of(time,
 * zone)}: skipped times moved forward by the gap, repeated times at their first (earlier-offset)
 * instant.
 */
class DaylightSavingTest {
    private static final LocalDate BERLIN_SPRING = LocalDate.of(2026, 3, 29);
    private static final LocalDate BERLIN_AUTUMN = LocalDate.of(2026, 10, 25);
    private static final LocalDate NEW_YORK_SPRING = LocalDate.of(2026, 3, 8);
    private static final LocalDate NEW_YORK_AUTUMN = LocalDate.of(2026, 11, 1);

    static Stream<Arguments> transitionDays() {
        return Stream.of(
                Arguments.of(BERLIN, BERLIN_SPRING, 23),
                Arguments.of(BERLIN, BERLIN_AUTUMN, 25),
                Arguments.of(NEW_YORK, NEW_YORK_SPRING, 23),
                Arguments.of(NEW_YORK, NEW_YORK_AUTUMN, 25));
    }

    @ParameterizedTest
    @MethodSource("transitionDays")
    void nineOClockStaysAtNineOnTheWallSoTheInstantMovesByAnHour(ZoneId zone, LocalDate day, int hoursInDay) {
        assertThat(Duration.between(day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone)))
                .as("the test's premise: this is a transition day")
                .isEqualTo(Duration.ofHours(hoursInDay));
        Schedule nine = schedule(zone, "0 0 9 * * ?");

        List<Instant> calls = nine.between(day.minusDays(2).atStartOfDay(zone).toInstant(),
                day.plusDays(3).atStartOfDay(zone).toInstant(), 100);

        assertThat(calls).hasSize(5);
        assertThat(calls).allSatisfy(call -> assertThat(call.atZone(zone).toLocalTime()).isEqualTo(LocalTime.of(9, 0)));
        Duration shift = Duration.ofHours(24 - hoursInDay);
        assertThat(Duration.between(calls.get(1), calls.get(2))).isEqualTo(Duration.ofDays(1).minus(shift));
        assertThat(Duration.between(calls.get(0), calls.get(1))).isEqualTo(Duration.ofDays(1));
        assertThat(Duration.between(calls.get(2), calls.get(3))).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void exactInstantsAroundBerlinAndNewYorkChanges() {
        assertThat(onLocalDay(schedule(BERLIN, "0 0 9 * * ?"), BERLIN_SPRING)).containsExactly(Instant.parse("2026-03-29T07:00:00Z"));
        assertThat(onLocalDay(schedule(BERLIN, "0 0 9 * * ?"), BERLIN_SPRING.minusDays(1)))
                .containsExactly(Instant.parse("2026-03-28T08:00:00Z"));
        assertThat(onLocalDay(schedule(BERLIN, "0 0 9 * * ?"), BERLIN_AUTUMN)).containsExactly(Instant.parse("2026-10-25T08:00:00Z"));
        assertThat(onLocalDay(schedule(NEW_YORK, "0 0 9 * * ?"), NEW_YORK_SPRING))
                .containsExactly(Instant.parse("2026-03-08T13:00:00Z"));
        assertThat(onLocalDay(schedule(NEW_YORK, "0 0 9 * * ?"), NEW_YORK_AUTUMN))
                .containsExactly(Instant.parse("2026-11-01T14:00:00Z"));
    }

    @Test
    void aSkippedTimeFiresOnceMovedForwardByTheGap() {
        // 02:30 does not exist in Berlin on 29 March 2026: 02:00 CET becomes 03:00 CEST.
        Schedule berlin = schedule(BERLIN, "0 30 2 * * ?");
        List<Instant> calls = berlin.between(Instant.parse("2026-03-27T12:00:00Z"), Instant.parse("2026-03-31T12:00:00Z"), 100);
        assertThat(calls).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
                Instant.parse("2026-03-29T01:30:00Z"), // 03:30 CEST, where 02:30 CET would have been
                Instant.parse("2026-03-30T00:30:00Z"), // 02:30 CEST
                Instant.parse("2026-03-31T00:30:00Z"));
        assertThat(calls.get(1).atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.of(3, 30));

        // 02:00 does not exist in New York on 8 March 2026; it fires at 03:00 EDT.
        assertThat(onLocalDay(schedule(NEW_YORK, "0 0 2 * * ?"), NEW_YORK_SPRING)).containsExactly(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(onLocalDay(schedule(NEW_YORK, "0 30 2 * * ?"), NEW_YORK_SPRING))
                .containsExactly(Instant.parse("2026-03-08T07:30:00Z"));
    }

    @Test
    void aSkippedTimeMovedOntoAnotherCallIsOneCall() {
        // 02:30 moves onto 03:30 CEST, which is also named: one call that day, not two.
        assertThat(onLocalDay(schedule(BERLIN, "0 30 2,3 * * ?"), BERLIN_SPRING)).containsExactly(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(onLocalDay(schedule(BERLIN, "0 30 2,3 * * ?"), BERLIN_SPRING.plusDays(1))).hasSize(2);
        // The same across two expressions.
        assertThat(onLocalDay(schedule(BERLIN, "0 30 2 * * ?", "0 30 3 * * ?"), BERLIN_SPRING)).hasSize(1);
    }

    @Test
    void aRepeatedTimeFiresOnceAtItsFirstInstant() {
        // 02:30 happens twice in Berlin on 25 October 2026: at 00:30Z (CEST) and 01:30Z (CET).
        Schedule berlin = schedule(BERLIN, "0 30 2 * * ?");
        assertThat(berlin.between(Instant.parse("2026-10-23T12:00:00Z"), Instant.parse("2026-10-27T12:00:00Z"), 100))
                .containsExactly(
                        Instant.parse("2026-10-24T00:30:00Z"),
                        Instant.parse("2026-10-25T00:30:00Z"),
                        Instant.parse("2026-10-26T01:30:00Z"),
                        Instant.parse("2026-10-27T01:30:00Z"));
        assertThat(berlin.isCheckIn(Instant.parse("2026-10-25T01:30:00Z"))).isFalse();
        assertThat(berlin.nextAfter(Instant.parse("2026-10-25T00:30:00Z"))).contains(Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(berlin.nextAfter(Instant.parse("2026-10-25T01:00:00Z"))).contains(Instant.parse("2026-10-26T01:30:00Z"));

        // 01:30 happens twice in New York on 1 November 2026: 05:30Z (EDT) and 06:30Z (EST).
        assertThat(onLocalDay(schedule(NEW_YORK, "0 30 1 * * ?"), NEW_YORK_AUTUMN)).containsExactly(Instant.parse("2026-11-01T05:30:00Z"));
    }

    static Stream<Arguments> hourlyCounts() {
        return Stream.of(
                Arguments.of(BERLIN, BERLIN_SPRING, 23, Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T01:00:00Z")),
                Arguments.of(BERLIN, BERLIN_AUTUMN, 24, Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T02:00:00Z")),
                Arguments.of(NEW_YORK, NEW_YORK_SPRING, 23, Instant.parse("2026-03-08T06:00:00Z"), Instant.parse("2026-03-08T07:00:00Z")),
                Arguments.of(NEW_YORK, NEW_YORK_AUTUMN, 24, Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T07:00:00Z")));
    }

    /**
     * Spring: the day has 23 hours and 23 calls, an hour apart (02:00 moves onto 03:00). Autumn: the
     * day has 25 hours but 24 wall-clock hours, so 24 calls; the repeated hour is not called again,
     * leaving two hours between {@code before} and {@code after}.
     */
    @ParameterizedTest
    @MethodSource("hourlyCounts")
    void hourlyCallsOnTransitionDays(ZoneId zone, LocalDate day, int expected, Instant before, Instant after) {
        Schedule hourly = schedule(zone, "0 0 * * * ?");

        List<Instant> calls = onLocalDay(hourly, day);

        assertThat(calls).hasSize(expected).isSorted().doesNotHaveDuplicates();
        assertThat(calls.stream().map(c -> c.atZone(zone).toLocalTime()).distinct()).hasSize(expected);
        assertThat(calls).contains(before, after);
        assertThat(calls.get(calls.indexOf(before) + 1)).isEqualTo(after);
        long longGaps = IntStream.range(1, calls.size())
                .filter(i -> !Duration.between(calls.get(i - 1), calls.get(i)).equals(Duration.ofHours(1)))
                .count();
        assertThat(longGaps).isEqualTo(expected == 24 ? 1 : 0);
        assertThat(onLocalDay(hourly, day.plusDays(1))).hasSize(24);
        assertThat(hourly.ordinal(calls.get(calls.size() - 1)) - hourly.ordinal(calls.get(0))).isEqualTo(expected - 1);
    }

    /** Zones whose changes are unusual: half hours, two hours, midnight, a whole day, negative summer time. */
    private static final List<String> ODD_ZONES = List.of(
            "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Antarctica/Troll", "America/Sao_Paulo",
            "Pacific/Apia", "Europe/Dublin", "Africa/Casablanca", "America/St_Johns", "Asia/Gaza", "America/Havana",
            "Asia/Tehran", "Pacific/Chatham", "Europe/Moscow", "America/Santiago", "Asia/Kathmandu", "UTC", "+05:30");

    static Stream<Arguments> randomCases() {
        Random random = new Random(20260329L);
        List<String> allZones = new ArrayList<>(ZoneId.getAvailableZoneIds());
        allZones.sort(null);
        return IntStream.range(0, 60).mapToObj(i -> {
            String zone = i < ODD_ZONES.size() ? ODD_ZONES.get(i) : allZones.get(random.nextInt(allZones.size()));
            return Arguments.of(i, zone, randomCrons(random), random.nextLong());
        });
    }

    /**
     * Around a random clock change of a zone (or any time, for zones without one), the schedule fires
     * exactly at the instants the rule defines, computed the slow way: every wall-clock time that an
     * expression matches, one by one, converted with {@code ZonedDateTime.of}, duplicates removed.
     */
    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("randomCases")
    void agreesWithTheRuleWorkedOutOneTimeAtATime(int index, String zoneId, List<String> crons, long seed) {
        ZoneId zone = ZoneId.of(zoneId);
        Random random = new Random(seed);
        LocalDateTime start = aroundAClockChange(zone, random).minusDays(3);
        // Numbered from up to a year and a half before, so that counting crosses other clock changes.
        Instant from = start.toInstant(ZoneOffset.UTC).minusSeconds(random.nextLong(550L * 86_400));
        Schedule schedule = schedule(zone, from, crons.toArray(String[]::new));
        LocalDateTime end = start.plusDays(6);

        TreeSet<Instant> expected = new TreeSet<>();
        for (String cron : crons) {
            // cron-utils steps through wall-clock time (UTC has no clock changes); java.time converts.
            ExecutionTime execution = execution(cron);
            ZonedDateTime t = start.minusSeconds(1).atZone(ZoneOffset.UTC);
            while ((t = execution.nextExecution(t).orElseThrow()).toLocalDateTime().isBefore(end)) {
                expected.add(ZonedDateTime.of(t.toLocalDateTime(), zone).toInstant());
            }
        }
        // Only compare where the slow list is complete: a day inside either end.
        Instant low = start.plusDays(1).toInstant(ZoneOffset.UTC);
        Instant high = end.minusDays(1).toInstant(ZoneOffset.UTC);
        List<Instant> want = List.copyOf(expected.subSet(low, false, high, true));

        List<Instant> got = schedule.between(low, high, Schedule.MAX_LISTED);

        assertThat(got).as("%s in %s from %s", crons, zone, low).isEqualTo(want);
        // Counting gives the same numbers as stepping.
        if (!got.isEmpty()) {
            Instant first = got.get(0);
            Instant last = got.get(got.size() - 1);
            assertThat(schedule.ordinal(last) - schedule.ordinal(first)).isEqualTo(got.size() - 1);
            assertThat(schedule(zone, first, crons.toArray(String[]::new)).ordinal(last)).isEqualTo(got.size() - 2);
        }
        // nextAfter from arbitrary instants agrees with the list.
        for (int k = 0; k < 20; k++) {
            Instant t = low.plusSeconds(random.nextLong(Duration.between(low, high).getSeconds()));
            Instant want1 = expected.higher(t);
            if (want1 != null && !want1.isAfter(high)) {
                assertThat(schedule.nextAfter(t)).as("next after %s", t).contains(want1);
            }
        }
    }

    private static ExecutionTime execution(String cron) {
        return ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ))
                .parse(cron.toUpperCase(Locale.ROOT)));
    }

    /** A wall-clock time near a random clock change of the zone between 1971 and 2098. */
    private static LocalDateTime aroundAClockChange(ZoneId zone, Random random) {
        Instant somewhen = LocalDate.of(1971 + random.nextInt(128), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC)
                .plusSeconds(random.nextLong(365L * 86_400));
        ZoneOffsetTransition change = zone.getRules().nextTransition(somewhen);
        Instant at = change == null || change.getInstant().getEpochSecond() > 4_070_908_800L ? somewhen : change.getInstant();
        return LocalDateTime.ofInstant(at, zone).withSecond(0).withNano(0);
    }

    /** One to three expressions firing on whole minutes, biased to the small hours. */
    private static List<String> randomCrons(Random random) {
        List<String> crons = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String minute = switch (random.nextInt(4)) {
                case 0 -> String.valueOf(random.nextInt(60));
                case 1 -> "0/" + (5 + random.nextInt(40));
                case 2 -> "0,30";
                default -> "*/20";
            };
            String hour = switch (random.nextInt(5)) {
                case 0 -> "*";
                case 1 -> String.valueOf(random.nextInt(4));
                case 2 -> "0-3";
                case 3 -> random.nextInt(3) + "," + (2 + random.nextInt(22));
                default -> "*/" + (1 + random.nextInt(5));
            };
            String days = switch (random.nextInt(5)) {
                case 0 -> "? * MON-FRI";
                case 1 -> "? * SUN,SAT";
                case 2 -> "L * ?";
                case 3 -> "1-20 * ?";
                default -> "* * ?";
            };
            crons.add("0 " + minute + " " + hour + " " + days);
        }
        return crons;
    }
}
