package org.hotline.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.checkin.CheckinFixtures.FROM;
import static org.hotline.checkin.CheckinFixtures.SEOUL;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.CallKind;
import org.hotline.protocol.StationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTextTest {
    private static Schedule fromText(String text) {
        return Schedule.fromText(text, CallerRule.ALTERNATE, CallKind.LINK_TEST, Schedule.DEFAULT_ANSWER_WINDOW, FROM);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "09:00,17:00 mon-fri Asia/Seoul   | 0 0 9,17 ? * MON-FRI                 | Asia/Seoul",
        "09:00,16:00 Asia/Seoul           | 0 0 9,16 * * ?                       | Asia/Seoul",
        "09:00,16:00 daily Asia/Seoul     | 0 0 9,16 * * ?                       | Asia/Seoul",
        "hourly UTC                       | 0 0 * * * ?                          | UTC",
        "HOURLY weekdays Europe/Moscow    | 0 0 * ? * MON-FRI                    | Europe/Moscow",
        "17:30,08:00,09:30 Europe/Berlin  | 0 0 8 * * ?;0 30 9,17 * * ?          | Europe/Berlin",
        "12:00 sat,sun America/New_York   | 0 0 12 ? * SUN,SAT                   | America/New_York",
        "12:00 fri-sun America/New_York   | 0 0 12 ? * SUN,FRI,SAT               | America/New_York",
        "12:00 mon,wed-fri,sun UTC        | 0 0 12 ? * SUN,MON,WED-FRI           | UTC",
        "00:00 mon-tue UTC                | 0 0 0 ? * MON,TUE                    | UTC",
    })
    void shortFormsBecomeQuartzExpressions(String text, String crons, String zone) {
        Schedule schedule = fromText(text);

        assertThat(schedule.crons()).containsExactlyElementsOf(List.of(crons.split(";")));
        assertThat(schedule.zone()).isEqualTo(ZoneId.of(zone));
    }

    @Test
    void theShortFormIsAsGoodAsTheExpressionsItStandsFor() {
        Schedule text = fromText("  09:00,17:00   MON-FRI  Asia/Seoul ");
        Schedule raw = Schedule.of(List.of("0 0 9,17 ? * MON-FRI"), SEOUL, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM);

        assertThat(text).isEqualTo(raw);
        assertThat(text.between(FROM, FROM.plus(Duration.ofDays(30)), 1_000))
                .hasSize(43) // Thursday 1 January 17:00, Friday 2 January, then four full weeks
                .isEqualTo(raw.between(FROM, FROM.plus(Duration.ofDays(30)), 1_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "09:00,17:00 mon-fri Asia/Seoul", "09:00,16:00 Asia/Seoul", "hourly UTC", "hourly sat,sun Europe/Berlin",
        "08:00,09:30,17:30 Europe/Berlin", "12:00 fri-sun America/New_York", "12:00 mon,wed,fri UTC", "00:00 mon,tue UTC"})
    void schedulesGiveBackTheirShortForm(String text) {
        Schedule schedule = fromText(text);

        String compact = schedule.compactTimes().orElseThrow();

        assertThat(fromText(compact)).isEqualTo(schedule);
        assertThat(compact).isEqualTo(text);
    }

    @Test
    void expressionsWithoutAShortFormSayNothing() {
        assertThat(Schedule.of(List.of("0 15 10 L * ?"), SEOUL, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM).compactTimes())
                .isEqualTo(Optional.empty());
        assertThat(Schedule.of(List.of("0 0 9 ? * MON-FRI", "0 0 10 ? * SAT"), SEOUL, CallerRule.ALTERNATE, CallKind.LINK_TEST,
                        FROM).compactTimes())
                .as("different days per expression")
                .isEmpty();
        assertThat(Schedule.of(List.of("0 30 * * * ?"), SEOUL, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM).compactTimes())
                .isEmpty();
        assertThat(Schedule.of(List.of("0 0 9 ? * FRI-MON"), SEOUL, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM).compactTimes())
                .as("a Quartz range wrapping past Saturday")
                .isEmpty();
        assertThat(Schedule.of(List.of("0 30 * * * ?"), SEOUL, CallerRule.ALTERNATE, CallKind.LINK_TEST, FROM).describe(StationId::display))
                .startsWith("every hour at :30 Asia/Seoul");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "09:00                            | times, optional days, time zone",
        "09:00 mon-fri Asia/Seoul extra   | times, optional days, time zone",
        "9:00 Asia/Seoul                  | '9:00' is not a time",
        "24:00 Asia/Seoul                 | '24:00' is not a time",
        "09:60 Asia/Seoul                 | '09:60' is not a time",
        "09:00,,17:00 Asia/Seoul          | '' is not a time",
        "09:00,09:00 Asia/Seoul           | 09:00 is given twice",
        "09:00 fri-mon Asia/Seoul         | runs backwards",
        "09:00 monday Asia/Seoul          | 'monday' is not a day",
        "09:00 mon-- Asia/Seoul           | is not a day or a range",
        "09:00 mon-fri Asia/Seul          | unknown time zone 'Asia/Seul'",
        "every hour UTC                   | 'every' is not a time",
    })
    void badShortFormsAreRefusedClearly(String text, String message) {
        assertThatThrownBy(() -> fromText(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
