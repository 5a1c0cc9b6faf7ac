package org.hotline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.hotline.delivery.Backoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// Own thread: a regression that blocks in raise() or a socket must fail the build, not hang it.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WebhookSinkTest {
    private static final String SECRET = "a-webhook-secret-of-some-length";

    private static WebhookSink sink(URI url, String secret, int attempts) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // Millisecond backoff so retries run in test time; the jitter is seeded to keep runs alike.
        return new WebhookSink(new AlertConfig.Webhook(url, secret, attempts), http,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(80), new SplittableRandom(7)));
    }

    @Test
    void deliversTheAlertJsonWithAnHmacTheReceiverRecomputes() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET);
                WebhookSink sink = sink(receiver.url(), SECRET, 8)) {
            Alert alert = TestAlerts.missedCall("liaison");

            WebhookSink.Outcome outcome = sink.send(alert);

            assertThat(outcome).isEqualTo(WebhookSink.Outcome.DELIVERED);
            assertThat(receiver.received).hasSize(1);
            WebhookReceiver.Received got = receiver.received.get(0);
            assertThat(got.signature()).isEqualTo(receiver.expected(got.body())).startsWith("sha256=").hasSize(7 + 64);
            assertThat(got.signatureValid()).isTrue();
            assertThat(got.alertId()).isEqualTo(alert.id());
            assertThat(got.contentType()).isEqualTo("application/json");
            assertThat(got.body()).isEqualTo(alert.toJsonBytes());
            JsonNode json = AlertJson.MAPPER.readTree(got.body());
            assertThat(json.get("kind").asText()).isEqualTo("missed-call");
            assertThat(json.get("line").asText()).isEqualTo("liaison");
            assertThat(json.get("id").asText()).isEqualTo(alert.id());
        }
    }

    @Test
    void retriesAfterTwo503sAndDeliversExactlyOnce() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 503, 503);
                WebhookSink sink = sink(receiver.url(), SECRET, 8)) {
            Alert alert = TestAlerts.of(AlertKind.LINK_DOWN);

            assertThat(sink.send(alert)).isEqualTo(WebhookSink.Outcome.DELIVERED);

            assertThat(receiver.received).extracting(WebhookReceiver.Received::answered).containsExactly(503, 503, 200);
            assertThat(receiver.accepted()).isEqualTo(1);
            // Every attempt carries the same id and the same signed bytes, so a receiver can drop repeats.
            assertThat(receiver.received).allSatisfy(got -> {
                assertThat(got.alertId()).isEqualTo(alert.id());
                assertThat(got.body()).isEqualTo(alert.toJsonBytes());
                assertThat(got.signatureValid()).isTrue();
            });
        }
    }

    /** A peer's flash message holding ESC, NUL and a bidi override reaches the webhook as visible escapes. */
    @Test
    void aPeersControlAndBidiCharactersArriveAsVisibleEscapes() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET);
                WebhookSink sink = sink(receiver.url(), SECRET, 8)) {
            Alert alert = Alert.of(AlertKind.FLASH_MESSAGE, "liaison", TestAlerts.LINE_ID, "State Affairs Commission sent a flash message: stand down\u001b[2J\u0000\u202eyaw rehto", TestAlerts.AT);

            assertThat(sink.send(alert)).isEqualTo(WebhookSink.Outcome.DELIVERED);

            String detail = AlertJson.MAPPER.readTree(receiver.received.get(0).body()).path("detail").asText();
            assertThat(detail).isEqualTo("State Affairs Commission sent a flash message: stand down\\u001b[2J\\u0000\\u202eyaw rehto");
        }
    }

    @Test
    void a400IsNotRetried() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 400);
                WebhookSink sink = sink(receiver.url(), SECRET, 8)) {
            assertThat(sink.send(TestAlerts.of(AlertKind.FLASH_MESSAGE))).isEqualTo(WebhookSink.Outcome.REJECTED);

            assertThat(receiver.received).hasSize(1);
        }
    }

    @Test
    void a429IsRetriedLikeA5xx() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 429, 408);
                WebhookSink sink = sink(receiver.url(), SECRET, 8)) {
            assertThat(sink.send(TestAlerts.of(AlertKind.FLASH_MESSAGE))).isEqualTo(WebhookSink.Outcome.DELIVERED);

            assertThat(receiver.received).extracting(WebhookReceiver.Received::answered).containsExactly(429, 408, 200);
        }
    }

    @Test
    void givesUpAfterTheConfiguredNumberOfAttempts() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 500, 502, 503, 504, 500);
                WebhookSink sink = sink(receiver.url(), SECRET, 3)) {
            assertThat(sink.send(TestAlerts.of(AlertKind.PEER_SUSPENDED))).isEqualTo(WebhookSink.Outcome.GAVE_UP);

            assertThat(receiver.received).hasSize(3);
            assertThat(receiver.accepted()).isZero();
        }
    }

    @Test
    void aSignatureMadeWithTheWrongSecretIsRejectedByTheReceiver() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET);
                WebhookSink sink = sink(receiver.url(), "not-the-secret-the-receiver-has", 8)) {
            Alert alert = TestAlerts.of(AlertKind.EQUIVOCATION);

            WebhookSink.Outcome outcome = sink.send(alert);

            assertThat(receiver.received).hasSize(1);
            WebhookReceiver.Received got = receiver.received.get(0);
            assertThat(got.signatureValid()).isFalse();
            assertThat(got.signature()).isNotEqualTo(receiver.expected(got.body()));
            assertThat(got.answered()).isEqualTo(401);
            // 401 is final: the same bytes with the same signature would be refused again.
            assertThat(outcome).isEqualTo(WebhookSink.Outcome.REJECTED);
        }
    }

    @Test
    void networkErrorsAreRetriedAndNeitherTheSecretNorTheUrlPathIsLogged() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort + "/hooks/T0KEN-IN-PATH?key=query-secret");
        try (CapturedLog log = new CapturedLog(WebhookSink.class);
                WebhookSink sink = sink(url, SECRET, 3)) {
            assertThat(sink.send(TestAlerts.of(AlertKind.MISSED_CALL))).isEqualTo(WebhookSink.Outcome.GAVE_UP);

            assertThat(log.text())
                    .contains("attempt 1/3 failed (ConnectException)", "not delivered after 3 attempt(s)", "127.0.0.1:" + closedPort)
                    .doesNotContain(SECRET, "T0KEN-IN-PATH", "query-secret");
        }
    }

    @Test
    void asASinkOfAlertsItSendsEachAlertOnItsOwnThread() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 503);
                WebhookSink sink = sink(receiver.url(), SECRET, 8)) {
            Alert first = TestAlerts.of(AlertKind.MISSED_CALL);
            Alert second = TestAlerts.of(AlertKind.LINK_DOWN);
            try (Alerts alerts = new Alerts(List.of(sink))) {
                alerts.raise(first);
                alerts.raise(second);
            }
            // close() waited for both; order is kept through the retry of the first.
            assertThat(receiver.received).extracting(WebhookReceiver.Received::alertId)
                    .containsExactly(first.id(), first.id(), second.id());
        }
    }

    @Test
    void theConfigRecordDoesNotShowTheSecret() {
        AlertConfig.Webhook webhook = new AlertConfig.Webhook(URI.create("https://hooks.example.org/T0KEN"), SECRET, 8);

        assertThat(webhook.toString()).doesNotContain(SECRET, "T0KEN").contains("hooks.example.org");
    }
}
