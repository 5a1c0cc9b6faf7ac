package org.hotline.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// Own thread: a regression that blocks in raise() or a socket must fail the build, not hang it.
/** A real Javalin server with the events route, read by a real HTTP client. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    record Ring(String line, Instant at, Optional<String> note) {}

    private EventStream events;
    private Javalin app;
    private HttpClient http;
    private URI url;

    @BeforeEach
    void start() {
        // A fast heartbeat, so the tests see it and notice a gone client in test time.
        events = new EventStream(Duration.ofMillis(200), 100, 16);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.sse("/api/v1/events", events.handler());
            // The form for ApiServer's route table of plain handlers.
            config.routes.get("/api/v1/events-as-get", events.sseHandler());
        }).start();
        url = URI.create("http://127.0.0.1:" + app.port() + "/api/v1/events");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
    }

    @AfterEach
    void stop() {
        events.close();
        app.stop();
        http.close();
    }

    @Test
    void aConnectedClientGetsRaisedAlertsAndPublishedEvents() throws Exception {
        try (SseReader client = SseReader.open(http, url, Optional.empty());
                Alerts alerts = new Alerts(List.of(events))) {
            assertThat(client.status).isEqualTo(200);
            await().atMost(WAIT).until(() -> events.clients() == 1);
            Alert alert = TestAlerts.missedCall("liaison");

            alerts.raise(alert);
            events.publish("ring", new Ring("liaison", Instant.parse("2021-07-27T01:00:00Z"), Optional.empty()));

            SseReader.Event got = client.next("alert", WAIT).orElseThrow();
            JsonNode json = AlertJson.MAPPER.readTree(got.data());
            assertThat(json.get("id").asText()).isEqualTo(alert.id());
            assertThat(json.get("kind").asText()).isEqualTo("missed-call");
            assertThat(json.get("line").asText()).isEqualTo("liaison");
            assertThat(json.get("title").asText()).isEqualTo("Missed call on line liaison");
            assertThat(got.id()).isNotBlank();

            SseReader.Event ring = client.next("ring", WAIT).orElseThrow();
            JsonNode ringJson = AlertJson.MAPPER.readTree(ring.data());
            assertThat(ringJson.get("line").asText()).isEqualTo("liaison");
            assertThat(ringJson.get("at").asText()).isEqualTo("2021-07-27T01:00:00Z");
            assertThat(ringJson.has("note")).isFalse();
        }
    }

    @Test
    void everyClientGetsEveryEventWhicheverWayTheRouteWasRegistered() throws Exception {
        try (SseReader one = SseReader.open(http, url, Optional.empty());
                SseReader two = SseReader.open(http, URI.create(url + "-as-get"), Optional.empty())) {
            await().atMost(WAIT).until(() -> events.clients() == 2);

            events.publish("line", Map.of("line", "leaders", "state", "suspended"));

            assertThat(two.status).isEqualTo(200);
            assertThat(one.next("line", WAIT)).isPresent();
            assertThat(two.next("line", WAIT)).get().extracting(SseReader.Event::data).asString().contains("suspended");
        }
    }

    @Test
    void heartbeatsKeepTheStreamAliveAndAGoneClientIsRemoved() throws Exception {
        SseReader client = SseReader.open(http, url, Optional.empty());
        await().atMost(WAIT).until(() -> events.clients() == 1);
        await().atMost(WAIT).until(() -> client.comments.contains("heartbeat"));
        assertThat(client.comments).first().isEqualTo("connected");

        client.close();

        // The next heartbeat's write fails, and the client is let go.
        await().atMost(WAIT).until(() -> events.clients() == 0);
    }

    @Test
    void aReconnectingClientIsReplayedWhatItMissed() throws Exception {
        String lastSeen;
        try (SseReader client = SseReader.open(http, url, Optional.empty())) {
            await().atMost(WAIT).until(() -> events.clients() == 1);
            events.publish("entry", Map.of("seq", 1));
            lastSeen = client.next("entry", WAIT).orElseThrow().id();
        }
        await().atMost(WAIT).until(() -> events.clients() == 0);
        events.publish("entry", Map.of("seq", 2));
        events.deliver(TestAlerts.of(AlertKind.LINK_DOWN));

        try (SseReader again = SseReader.open(http, url, Optional.of(lastSeen))) {
            List<SseReader.Event> replayed = List.of(again.next("entry", WAIT).orElseThrow(), again.next("alert", WAIT).orElseThrow());

            assertThat(replayed.get(0).data()).isEqualTo("{\"seq\":2}");
            assertThat(again.untaken(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aClientFromBeforeARestartIsReplayedTheWholeHistory() throws Exception {
        events.publish("entry", Map.of("seq", 1));
        events.publish("entry", Map.of("seq", 2));

        try (SseReader client = SseReader.open(http, url, Optional.of("0badc0de-99"))) {
            assertThat(client.next("entry", WAIT)).get().extracting(SseReader.Event::data).isEqualTo("{\"seq\":1}");
            assertThat(client.next("entry", WAIT)).get().extracting(SseReader.Event::data).isEqualTo("{\"seq\":2}");
        }
    }

    @Test
    void aNewClientWithoutLastEventIdGetsOnlyNewEvents() throws Exception {
        events.publish("entry", Map.of("seq", 1));

        try (SseReader client = SseReader.open(http, url, Optional.empty())) {
            await().atMost(WAIT).until(() -> events.clients() == 1);
            events.publish("entry", Map.of("seq", 2));

            assertThat(client.next("entry", WAIT)).get().extracting(SseReader.Event::data).isEqualTo("{\"seq\":2}");
        }
    }

    @Test
    void closingTheStreamEndsConnectedClientsSoTheServerCanStop() throws Exception {
        SseReader client = SseReader.open(http, url, Optional.empty());
        await().atMost(WAIT).until(() -> events.clients() == 1);

        events.close();

        await().atMost(WAIT).until(() -> client.ended);
        assertThat(events.clients()).isZero();
        client.close();
    }

    @Test
    void alertIsReservedAndEventNamesAreChecked() {
        assertThatThrownBy(() -> events.publish("alert", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> events.publish("ring\nevent: alert", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
