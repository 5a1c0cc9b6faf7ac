package org.hotline.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// Own thread: a regression that blocks in raise() or a socket must fail the build, not hang it.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AlertsTest {

    /** Remembers what it was given. */
    static final class Recording implements AlertSink {
        final List<Alert> received = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(Alert alert) {
            received.add(alert);
        }
    }

    /** Blocks on the first alert until released, like a mail server that has stopped answering. */
    static final class Stuck implements AlertSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Alert> received = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(Alert alert) throws InterruptedException {
            entered.countDown();
            release.await();
            received.add(alert);
        }
    }

    @Test
    void aThrowingSinkDoesNotStopTheOthersNorItself() {
        Recording before = new Recording();
        Recording after = new Recording();
        List<Alert> attempted = new CopyOnWriteArrayList<>();
        AlertSink failing = alert -> {
            attempted.add(alert);
            throw new IllegalStateException("mail server on fire");
        };
        try (Alerts alerts = new Alerts(List.of(before, failing, after))) {
            Alert first = TestAlerts.of(AlertKind.MISSED_CALL);
            Alert second = TestAlerts.of(AlertKind.EQUIVOCATION);
            alerts.raise(first);
            alerts.raise(second);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(before.received).containsExactly(first, second);
                assertThat(after.received).containsExactly(first, second);
                // The failing sink was given the second alert too: one failure does not end its lane.
                assertThat(attempted).containsExactly(first, second);
            });
        }
    }

    @Test
    void aSlowSinkDoesNotBlockRaiseNorTheOtherSinks() throws InterruptedException {
        Stuck stuck = new Stuck();
        Recording quick = new Recording();
        try (Alerts alerts = new Alerts(List.of(stuck, quick), 100, Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                alerts.raise(TestAlerts.of(AlertKind.FLASH_MESSAGE));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(stuck.entered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(took).isLessThan(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> quick.received.size() == 50);
            assertThat(stuck.received).isEmpty();

            stuck.release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> stuck.received.size() == 50);
            assertThat(stuck.received).containsExactlyElementsOf(quick.received);
        }
    }

    @Test
    void aFullQueueDropsTheOldestAlertAndSaysSo() throws InterruptedException {
        Stuck stuck = new Stuck();
        try (CapturedLog log = new CapturedLog(Alerts.class);
                Alerts alerts = new Alerts(List.of(stuck), 2, Duration.ofSeconds(5))) {
            Alert a1 = TestAlerts.of(AlertKind.MISSED_CALL);
            alerts.raise(a1);
            assertThat(stuck.entered.await(5, TimeUnit.SECONDS)).isTrue();
            // a1 is being delivered; the queue holds two, so of a2..a5 only the newest two stay.
            Alert a2 = TestAlerts.of(AlertKind.LINK_DOWN);
            Alert a3 = TestAlerts.of(AlertKind.LINK_DOWN);
            Alert a4 = TestAlerts.of(AlertKind.PEER_SUSPENDED);
            Alert a5 = TestAlerts.of(AlertKind.EQUIVOCATION);
            List.of(a2, a3, a4, a5).forEach(alerts::raise);

            stuck.release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> stuck.received.size() == 3);
            assertThat(stuck.received).containsExactly(a1, a4, a5);
            assertThat(alerts.dropped()).isEqualTo(2);
            assertThat(log.events()).filteredOn(event -> event.getLevel() == Level.WARN)
                    .extracting(event -> event.getFormattedMessage())
                    .anySatisfy(line -> assertThat(line).contains("dropped alert " + a2.id()))
                    .anySatisfy(line -> assertThat(line).contains("dropped alert " + a3.id()));
        }
    }

    @Test
    void aFloodOfRoutineAlertsNeverPushesOutAKeptOne() throws InterruptedException {
        Stuck stuck = new Stuck();
        try (Alerts alerts = new Alerts(List.of(stuck), 2, Duration.ofSeconds(5))) {
            Alert first = TestAlerts.of(AlertKind.MISSED_CALL);
            alerts.raise(first);
            assertThat(stuck.entered.await(5, TimeUnit.SECONDS)).isTrue();
            Alert equivocation = TestAlerts.of(AlertKind.EQUIVOCATION);
            alerts.raise(equivocation);
            List<Alert> flood = new java.util.ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                Alert flash = TestAlerts.of(AlertKind.FLASH_MESSAGE);
                flood.add(flash);
                alerts.raise(flash);
            }
            // Only kept alerts queued: a routine one waits its turn no more, a kept one pushes out the oldest.
            Alert cut = TestAlerts.of(AlertKind.PEER_SUSPENDED);
            alerts.raise(cut);
            alerts.raise(TestAlerts.of(AlertKind.FLASH_MESSAGE));

            stuck.release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> stuck.received.size() == 3);
            assertThat(stuck.received).containsExactly(first, equivocation, cut);
            assertThat(alerts.dropped()).isEqualTo(3001);
        }
    }

    @Test
    void closeLetsQueuedAlertsGoOutFirst() {
        Recording slowStart = new Recording();
        AlertSink slow = alert -> {
            Thread.sleep(50);
            slowStart.deliver(alert);
        };
        Alerts alerts = new Alerts(List.of(slow));
        for (int i = 0; i < 5; i++) {
            alerts.raise(TestAlerts.of(AlertKind.MISSED_CALL));
        }
        alerts.close();

        assertThat(slowStart.received).hasSize(5);
    }

    @Test
    void afterCloseRaiseIsRefusedQuietly() {
        Recording sink = new Recording();
        Alerts alerts = new Alerts(List.of(sink));
        alerts.close();

        alerts.raise(TestAlerts.of(AlertKind.MISSED_CALL));

        assertThat(sink.received).isEmpty();
    }

    @Test
    void theLogSinkWritesOneLinePerAlertAtTheKindsLevel() {
        try (CapturedLog log = new CapturedLog(LogSink.class)) {
            LogSink sink = new LogSink();
            Alert missed = TestAlerts.missedCall("liaison");
            Alert equivocation = TestAlerts.of(AlertKind.EQUIVOCATION);
            sink.deliver(missed);
            sink.deliver(equivocation);

            assertThat(log.events()).hasSize(2);
            assertThat(log.events().get(0).getLevel()).isEqualTo(Level.WARN);
            assertThat(log.events().get(0).getFormattedMessage())
                    .contains("missed-call", "liaison", missed.id(), "was not answered")
                    .doesNotContain("\n");
            assertThat(log.events().get(1).getLevel()).isEqualTo(Level.ERROR);
            assertThat(log.events().get(1).getFormattedMessage()).contains("equivocation", equivocation.id());
        }
    }

    @Test
    void aLineNameWithNewlinesCannotBreakTheTitle() {
        Alert alert = Alert.of(AlertKind.MISSED_CALL, "evil\r\nBcc: someone@example.org", TestAlerts.LINE_ID, "x", TestAlerts.AT);

        assertThat(alert.title()).isEqualTo("Missed call on line evil\\u000d\\u000aBcc: someone@example.org");
    }

    /** The log channel: a peer's flash message shows as visible escapes on one log line. */
    @Test
    void aPeersControlAndBidiCharactersAreLoggedAsVisibleEscapes() {
        Alert alert = Alert.of(AlertKind.FLASH_MESSAGE, "liaison", TestAlerts.LINE_ID, "State Affairs Commission sent a flash message: stand down\u001b[2J\u0000\u202eyaw rehto" + "\n12:00:00 INFO forged line", TestAlerts.AT);
        try (CapturedLog log = new CapturedLog(LogSink.class)) {
            new LogSink().deliver(alert);

            assertThat(log.text()).contains("State Affairs Commission sent a flash message: stand down\\u001b[2J\\u0000\\u202eyaw rehto").contains("\\u000a12:00:00 INFO forged line")
                    .doesNotContain("\u001b", "\u0000", "\u202e").hasLineCount(1);
        }
    }

    @Test
    void theJsonFormHasTheWireNamesAndAnIsoInstant() throws Exception {
        Alert alert = TestAlerts.missedCall("liaison");

        var json = AlertJson.MAPPER.readTree(alert.toJson());

        assertThat(json.get("id").asText()).isEqualTo(alert.id());
        assertThat(json.get("kind").asText()).isEqualTo("missed-call");
        assertThat(json.get("severity").asText()).isEqualTo("warning");
        assertThat(json.get("line").asText()).isEqualTo("liaison");
        assertThat(json.get("lineId").asText()).isEqualTo(TestAlerts.LINE_ID.value());
        assertThat(json.get("title").asText()).isEqualTo("Missed call on line liaison");
        assertThat(json.get("at").asText()).isEqualTo("2020-06-09T00:00:00Z");
        assertThat(TestAlerts.of(AlertKind.EQUIVOCATION).id()).isNotEqualTo(alert.id());
    }
}
