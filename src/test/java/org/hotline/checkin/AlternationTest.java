package org.hotline.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.checkin.CheckinFixtures.ALPHA;
import static org.hotline.checkin.CheckinFixtures.BERLIN;
import static org.hotline.checkin.CheckinFixtures.BRAVO;
import static org.hotline.checkin.CheckinFixtures.FROM;
import static org.hotline.checkin.CheckinFixtures.SEOUL;
import static org.hotline.checkin.CheckinFixtures.UTC;
import static org.hotline.checkin.CheckinFixtures.randomStation;
import static org.hotline.checkin.CheckinFixtures.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hotline.protocol.CallKind;
import org.hotline.protocol.StationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AlternationTest {
    static Stream<Arguments> linesAndSchedules() {
        Random random = new Random(1_963_08_30L); // the Moscow–Washington line opened on 30 August 1963
        return IntStream.range(0, 12).mapToObj(i -> {
            StationId a = randomStation(random);
            StationId b = randomStation(random);
            String[][] schedules = {
                {"0 0 9,17 ? * MON-FRI"}, {"0 0 9 * * ?", "0 0 16 * * ?"}, {"0 0 * * * ?"}, {"0 30 2 * * ?", "0 0 * ? * SUN"}};
            ZoneId[] zones = {SEOUL, BERLIN, ZoneId.of("America/New_York"), UTC};
            return Arguments.of(a, b, schedules[i % schedules.length], zones[random.nextInt(zones.length)],
                    FROM.plusSeconds(random.nextInt(400 * 86_400)));
        });
    }

    @ParameterizedTest
    @MethodSource("linesAndSchedules")
    void bothStationsAgreeOnEveryCallerAndTheyStrictlyAlternate(StationId a, StationId b, String[] crons, ZoneId zone, Instant from) {
        Schedule schedule = CheckinFixtures.schedule(zone, from, crons);
        // Each station works it out alone, from its own copy of the schedule and its own view of the ids.
        Schedule theirCopy = new Schedule(List.of(crons), zone, CallerRule.parse("alternate"), CallKind.LINK_TEST,
                Schedule.DEFAULT_ANSWER_WINDOW, from);

        List<Instant> calls = schedule.between(from, Instant.parse("2100-01-01T00:00:00Z"), 1_000);

        assertThat(calls).hasSize(1_000);
        StationId first = a.compareTo(b) < 0 ? a : b;
        for (int k = 0; k < calls.size(); k++) {
            StationId ours = schedule.callerOf(calls.get(k), a, b);
            StationId theirs = theirCopy.callerOf(calls.get(k), b, a);
            assertThat(theirs).isEqualTo(ours);
            assertThat(ours).isEqualTo(k % 2 == 0 ? first : (first == a ? b : a));
            assertThat(schedule.ordinal(calls.get(k))).isEqualTo(k);
        }
    }

    @Test
    void theFirstCallStrictlyAfterFromIsNumberZero() {
        Schedule daily = schedule(UTC, Instant.parse("2026-04-01T09:00:00Z"), "0 0 9 * * ?");

        assertThat(daily.ordinal(Instant.parse("2026-04-02T09:00:00Z"))).isZero();
        assertThat(daily.ordinal(Instant.parse("2026-04-03T09:00:00Z"))).isOne();
        assertThat(daily.callerOf(Instant.parse("2026-04-02T09:00:00Z"), BRAVO, ALPHA)).isEqualTo(ALPHA);
        assertThat(daily.callerOf(Instant.parse("2026-04-03T09:00:00Z"), BRAVO, ALPHA)).isEqualTo(BRAVO);
        assertThatThrownBy(() -> daily.ordinal(Instant.parse("2026-04-01T09:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a check-in time");
    }

    @Test
    void countingAsksFromAnyPointInAnyOrder() {
        Schedule hourly = schedule(BERLIN, "0 0 * * * ?");
        Instant late = hourly.nextAfter(Instant.parse("2027-06-01T00:00:00Z")).orElseThrow();
        Instant early = hourly.nextAfter(Instant.parse("2026-02-01T00:00:00Z")).orElseThrow();

        long lateFirst = hourly.ordinal(late);
        long earlyAfter = hourly.ordinal(early);

        assertThat(schedule(BERLIN, "0 0 * * * ?").ordinal(early)).isEqualTo(earlyAfter);
        assertThat(hourly.ordinal(late)).isEqualTo(lateFirst);
        assertThat(earlyAfter).isEqualTo(31 * 24); // 01:00Z on 1 January is number 0
        // One hour lost to each October change in between (the repeated 02:00 is not called twice).
        assertThat(lateFirst).isEqualTo(Duration.between(FROM, late).toHours() - 1 - 1);
    }

    @Test
    @Timeout(20)
    void tenYearsOfHourlyCallsAreNumberedExactlyAndQuickly() {
        Schedule utc = schedule(UTC, "0 0 * * * ?");
        Schedule berlin = schedule(BERLIN, "0 0 * * * ?");
        Instant tenYearsOn = Instant.parse("2036-01-01T00:00:00Z");

        assertThat(utc.ordinal(tenYearsOn)).isEqualTo(Duration.between(FROM, tenYearsOn).toHours() - 1);
        // In Berlin every October change repeats 02:00, which is called only once: ten calls fewer.
        Instant berlinTenYearsOn = LocalDate.of(2036, 1, 1).atStartOfDay(BERLIN).toInstant();
        long octobers = 10;
        assertThat(berlin.ordinal(berlinTenYearsOn))
                .isEqualTo(Duration.between(FROM, berlinTenYearsOn).toHours() - 1 - octobers);
        assertThat(berlin.between(FROM, berlinTenYearsOn, Schedule.MAX_LISTED)).hasSize((int) (berlin.ordinal(berlinTenYearsOn) + 1));

        Schedule fresh = schedule(ZoneId.of("America/New_York"), "0 0 * * * ?");
        long started = System.nanoTime();
        Instant last = fresh.nextAfter(Instant.parse("2035-12-31T12:00:00Z")).orElseThrow();
        StationId caller = fresh.callerOf(last, ALPHA, BRAVO);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(caller).isIn(ALPHA, BRAVO);
        assertThat(took).as("numbering ten years of hourly calls").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aFixedCallerPlacesEveryCall() {
        Schedule fixed = new Schedule(List.of("0 0 9 * * ?"), SEOUL, CallerRule.station(BRAVO), CallKind.WATCH_TEST,
                Schedule.DEFAULT_ANSWER_WINDOW, FROM);

        for (Instant call : fixed.between(FROM, FROM.plus(Duration.ofDays(10)), 100)) {
            assertThat(fixed.callerOf(call, ALPHA, BRAVO)).isEqualTo(BRAVO);
            assertThat(fixed.callerOf(call, BRAVO, ALPHA)).isEqualTo(BRAVO);
        }
        StationId stranger = new StationId("C".repeat(52));
        Instant call = fixed.nextAfter(FROM).orElseThrow();
        assertThatThrownBy(() -> fixed.callerOf(call, ALPHA, stranger))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is neither");
        assertThatThrownBy(() -> fixed.callerOf(call.plusSeconds(60), ALPHA, BRAVO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a check-in time");
    }

    @Test
    void aLineJoinsTwoDifferentStations() {
        Schedule schedule = schedule(SEOUL, "0 0 9 * * ?");
        Instant call = schedule.nextAfter(FROM).orElseThrow();

        assertThatThrownBy(() -> schedule.callerOf(call, ALPHA, ALPHA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two different stations");
        assertThatThrownBy(() -> schedule.callerOf(call.plusSeconds(1), ALPHA, BRAVO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a check-in time");
        assertThatThrownBy(() -> schedule.callerOf(call, null, BRAVO)).isInstanceOf(NullPointerException.class);
    }
}
