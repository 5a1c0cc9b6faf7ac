package org.hotline.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Map;
import org.hotline.Station;
import org.hotline.it.TestStations;
import org.hotline.line.ScheduleRequest;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.time.SimulatedClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real stations; the south's alerts go to a real local webhook receiver (which checks the
 * HMAC itself) and to a real SMTP server: a flash message, a cut by the peer, a missed call.
 */
class AlertsEndToEndTest {
    private static final String SECRET = "a-webhook-secret-of-some-length";
    private static final String LINE = "liaison";
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @TempDir
    Path temp;

    @Test
    void flashMessagesCutsAndMissedCallsReachTheWebhookAndTheMailbox() throws Exception {
        SimulatedClock clock = new SimulatedClock(ZonedDateTime.of(2026, 6, 1, 8, 0, 0, 0, SEOUL).toInstant());
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            Map<String, String> alerting = Map.of(
                    "HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "1",
                    "HOTLINE_ALERTS_WEBHOOK_URL", receiver.url().toString(),
                    "HOTLINE_ALERTS_WEBHOOK_SECRET", SECRET,
                    "HOTLINE_ALERTS_SMTP_HOST", "127.0.0.1",
                    "HOTLINE_ALERTS_SMTP_PORT", String.valueOf(SMTP.getSmtp().getPort()),
                    "HOTLINE_ALERTS_SMTP_STARTTLS", "false",
                    "HOTLINE_ALERTS_MAIL_FROM", "hotline@south.test",
                    "HOTLINE_ALERTS_MAIL_TO", "duty-officer@south.test");
            Path southDir = TestStations.init(temp.resolve("south"), "South");
            Path northDir = TestStations.init(temp.resolve("north"), "North");
            try (Station south = Station.start(TestStations.config(southDir, alerting), clock);
                    Station north = Station.start(TestStations.config(northDir, Map.of("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "1")), clock)) {
                TestStations.pair(south, north, LINE);

                north.lines().send(LINE, new Message("Incoming at the border, answer now.", Priority.FLASH, "en"));
                await().atMost(Duration.ofSeconds(30)).until(() -> kinds(receiver).contains("flash-message"));

                south.lines().schedule(LINE, new ScheduleRequest("09:00 mon-fri Asia/Seoul", null, null, "us", "link-test", 300));
                await().atMost(Duration.ofSeconds(30)).until(() -> TestStations.summary(south, LINE).schedule().isPresent());
                north.lines().suspend(LINE, true, "");
                clock.set(ZonedDateTime.of(2026, 6, 1, 9, 0, 0, 0, SEOUL).toInstant());
                south.checkins().tick();
                clock.set(ZonedDateTime.of(2026, 6, 1, 9, 5, 0, 0, SEOUL).toInstant());
                south.checkins().tick();
                await().atMost(Duration.ofSeconds(30)).until(() -> kinds(receiver).contains("missed-call"));

                // The cutter proposes to restore: only now does the south learn of the silent cut.
                north.lines().proposeRestore(LINE, "");
                await().atMost(Duration.ofSeconds(30)).until(() -> kinds(receiver).contains("peer-suspended"));

                assertThat(receiver.received).allSatisfy(received -> {
                    assertThat(received.signatureValid()).as("HMAC of %s", received.text()).isTrue();
                    assertThat(received.answered()).isEqualTo(200);
                });
                assertThat(receiver.received).filteredOn(r -> r.text().contains("flash-message")).singleElement()
                        .satisfies(r -> assertThat(r.text()).contains("Incoming at the border").contains("\"line\":\"liaison\""));

                await().atMost(Duration.ofSeconds(30)).until(() -> SMTP.getReceivedMessages().length >= 3);
                assertThat(Arrays.stream(SMTP.getReceivedMessages()).map(AlertsEndToEndTest::subject))
                        .contains("[Hotline] Flash message on line liaison", "[Hotline] Missed call on line liaison",
                                "[Hotline] Line liaison suspended by the peer");
            }
        }
    }

    private static java.util.List<String> kinds(WebhookReceiver receiver) {
        return receiver.received.stream()
                .map(received -> received.text().replaceAll(".*\"kind\":\"([a-z-]+)\".*", "$1"))
                .toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

}
