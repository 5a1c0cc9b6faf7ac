package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.hotline.Station;
import org.hotline.error.HotlineException;
import org.hotline.line.HistoryItem;
import org.hotline.line.LineSummary;
import org.hotline.line.ScheduleRequest;
import org.hotline.protocol.Answer;
import org.hotline.store.StoredEntry;
import org.hotline.time.SimulatedClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check-in calls between two real stations on a simulated clock: link tests, watch tests, missed calls. */
class CheckinTest {
    private static final String LINE = "liaison";
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Monday 1 June 2026, 08:00 in Seoul. */
    private static final Instant START = ZonedDateTime.of(2026, 6, 1, 8, 0, 0, 0, SEOUL).toInstant();

    @TempDir
    Path temp;

    private final SimulatedClock clock = new SimulatedClock(START);
    private Station south;
    private Station north;

    @BeforeEach
    void start() throws Exception {
        south = TestStations.start(TestStations.init(temp.resolve("south"), "South"), clock);
        north = TestStations.start(TestStations.init(temp.resolve("north"), "North"), clock);
        TestStations.pair(south, north, LINE);
    }

    @AfterEach
    void stop() {
        north.close();
        south.close();
    }

    private LineSummary southView() {
        return TestStations.summary(south, LINE);
    }

    private LineSummary northView() {
        return TestStations.summary(north, LINE);
    }

    private void agree(String kind, int windowSeconds) {
        south.lines().schedule(LINE, new ScheduleRequest("09:00,17:00 mon-fri Asia/Seoul", null, null, "us", kind, windowSeconds));
        await().atMost(WAIT).until(() -> southView().schedule().filter(text -> text.contains(kind.replace('-', ' '))).isPresent()
                && northView().schedule().filter(text -> text.contains(kind.replace('-', ' '))).isPresent());
        // Each side reads who calls in its own words: "us", or the other party's name, never a 52-letter id.
        assertThat(southView().schedule()).hasValueSatisfying(text -> assertThat(text).endsWith("called by us"));
        assertThat(northView().schedule()).hasValueSatisfying(text -> assertThat(text).endsWith("called by " + south.identity().name()));
    }

    private void at(int day, int hour, int minute) {
        clock.set(ZonedDateTime.of(2026, 6, day, hour, minute, 0, 0, SEOUL).toInstant());
        south.checkins().tick();
        north.checkins().tick();
    }

    private long calls(Station station) {
        return TestStations.chain(station, LINE, south.identity().id()).stream()
                .filter(entry -> entry.signed().entry().body().type().equals("call"))
                .count();
    }

    @Test
    void aLinkTestIsAnsweredByTheOtherStationItself() {
        agree("link-test", 300);
        assertThat(southView().nextCall()).contains(ZonedDateTime.of(2026, 6, 1, 9, 0, 0, 0, SEOUL).toInstant());
        assertThat(southView().weCallNext()).isTrue();

        at(1, 9, 0);
        await().atMost(WAIT).until(() -> southView().lastAnsweredCall().isPresent());
        assertThat(southView().lastAnsweredCall()).contains(ZonedDateTime.of(2026, 6, 1, 9, 0, 0, 0, SEOUL).toInstant());
        assertThat(southView().missedStreak()).isZero();
        List<StoredEntry> answers = TestStations.chain(south, LINE, north.identity().id()).stream()
                .filter(entry -> entry.signed().entry().body() instanceof Answer)
                .toList();
        assertThat(answers).singleElement().satisfies(entry -> assertThat(((Answer) entry.signed().entry().body()).by()).isEqualTo("station"));

        // Ticking again at the same moment places nothing new: one call per scheduled time.
        at(1, 9, 0);
        at(1, 9, 1);
        assertThat(calls(south)).isEqualTo(1);
        // Friday 17:00 is followed by Monday 09:00.
        at(5, 17, 0);
        await().atMost(WAIT).until(() -> calls(south) == 2);
        assertThat(southView().nextCall()).contains(ZonedDateTime.of(2026, 6, 8, 9, 0, 0, 0, SEOUL).toInstant());
    }

    @Test
    void aWatchTestRingsUntilAnOperatorAnswersInTimeAndIsMissedWhenTooLate() {
        agree("watch-test", 300);
        at(1, 9, 0);
        await().atMost(WAIT).until(() -> northView().ringing() == 1);
        assertThat(north.lines().ringing()).singleElement().satisfies(call -> assertThat(call.line()).isEqualTo(LINE));

        clock.advance(Duration.ofMinutes(2));
        north.lines().answer(LINE, "Kim on watch");
        await().atMost(WAIT).until(() -> southView().lastAnsweredCall().isPresent());
        assertThat(southView().lastAnswerLatencyMillis()).contains(120_000L);
        assertThat(northView().ringing()).isZero();
        assertThatThrownBy(() -> north.lines().answer(LINE, "Kim on watch")).isInstanceOf(HotlineException.class)
                .hasMessageContaining("no call is ringing");

        at(1, 17, 0);
        await().atMost(WAIT).until(() -> northView().ringing() == 1);
        clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> north.lines().answer(LINE, "Lee, late")).isInstanceOf(HotlineException.class)
                .hasMessageContaining("too late");
        south.checkins().tick();
        await().atMost(WAIT).until(() -> southView().missedStreak() == 1);
        assertThat(northView().ringing()).isZero();

        at(2, 9, 0);
        at(2, 9, 6);
        await().atMost(WAIT).until(() -> southView().missedStreak() == 2);

        List<HistoryItem> history = south.lines().history(LINE);
        assertThat(history).extracting(HistoryItem::kind).containsSubsequence("opened", "schedule", "calls-answered", "calls-missed");
        HistoryItem missed = history.stream().filter(item -> item.kind().equals("calls-missed")).findFirst().orElseThrow();
        assertThat(missed.count()).isEqualTo(2);
        assertThat(missed.text()).contains("2 calls missed");
    }

    @Test
    void callsGoUnansweredDuringASilentCutAndResumeAfterTheRestore() {
        agree("link-test", 300);
        north.lines().suspend(LINE, true, "");
        for (int day = 1; day <= 5; day++) {
            at(day, 9, 0);
            at(day, 9, 5);
            at(day, 17, 0);
            at(day, 17, 5);
        }
        await().atMost(WAIT).until(() -> southView().missedStreak() == 10);
        assertThat(southView().state()).isEqualTo("open");

        north.lines().proposeRestore(LINE, "");
        await().atMost(WAIT).until(() -> southView().state().equals("restore-proposed"));
        south.lines().acceptRestore(LINE);
        await().atMost(WAIT).until(() -> northView().state().equals("open") && southView().state().equals("open"));
        at(8, 9, 0);
        await().atMost(WAIT).until(() -> southView().missedStreak() == 0 && southView().lastAnsweredCall().isPresent());
        // The north now holds the south's backlog: every unanswered call and its missed entry.
        await().atMost(WAIT).until(() -> calls(north) == 11);
        List<HistoryItem> history = north.lines().history(LINE);
        assertThat(history).extracting(HistoryItem::kind)
                .containsSubsequence("silent-cut", "restore-proposal", "restored", "calls-answered");
        assertThat(history).anySatisfy(item -> assertThat(item.text()).contains("10 calls missed"));
    }
}
