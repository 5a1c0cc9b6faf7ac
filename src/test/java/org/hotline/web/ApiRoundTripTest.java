package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.it.TestStations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two paired stations talking through their operator APIs only. */
class ApiRoundTripTest {
    private static final String LINE = "liaison";
    private static final String MESSAGES = "/api/v1/lines/" + LINE + "/messages";
    private static final String TRANSCRIPT = "/api/v1/lines/" + LINE + "/transcript";
    private static final String KOREAN = "연락 확인합니다. 남북 통신연락선 정기 통화 — 09:00 🇰🇷";

    @TempDir
    Path temp;

    @Test
    void aMessageIsQueuedWhileThePeerIsDownThenDeliveredAndArrivesIntact() throws Exception {
        Path southDir = TestStations.init(temp.resolve("south"), "Blue House");
        Path northDir = TestStations.init(temp.resolve("north"), "State Affairs Commission");
        String southToken = StationFiles.readCliToken(southDir);
        String northToken = StationFiles.readCliToken(northDir);
        try (Station south = TestStations.start(southDir)) {
            Station north = TestStations.start(northDir);
            try {
                TestStations.pair(south, north, LINE);
                Http southApi = Http.bearer(south.apiUrl(), southToken);

                // 1. Both up: north's operator waits on a long poll; south's message ends it.
                Http northApi = Http.bearer(north.apiUrl(), northToken);
                CompletableFuture<Http.Response> longPoll = CompletableFuture.supplyAsync(() -> northApi.get(TRANSCRIPT + "?after=0&wait=30"));
                // The long poll waits while there is nothing to read.
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !longPoll.isDone());
                Http.Response first = southApi.postJson(MESSAGES, Map.of("text", "Good morning. This is the 09:00 check."));
                assertThat(first.status()).as("%s", first).isEqualTo(201);
                JsonNode polled = longPoll.get(25, TimeUnit.SECONDS).json();
                assertThat(polled.path("entries")).singleElement().satisfies(entry -> {
                    assertThat(entry.path("text").asText()).isEqualTo("Good morning. This is the 09:00 check.");
                    assertThat(entry.path("hash").asText()).isEqualTo(first.json().path("hash").asText());
                });
                assertThat(polled.path("last").asLong()).isPositive();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(entryBySeq(southApi, 1).path("delivery").asText()).isEqualTo("delivered"));

                // 2. North goes down; south's message waits in its outbox, shown as queued.
                int northFederationPort = north.federationPort();
                north.close();
                north = null;
                Http.Response sent = southApi.postJson(MESSAGES, Map.of("text", KOREAN, "priority", "urgent", "lang", "ko"));
                assertThat(sent.status()).as("%s", sent).isEqualTo(201);
                JsonNode receipt = sent.json();
                assertThat(receipt.path("line").asText()).isEqualTo(LINE);
                assertThat(receipt.path("seq").asLong()).isEqualTo(2);
                assertThat(receipt.path("delivery").asText()).isEqualTo("queued");
                assertThat(receipt.path("hash").asText()).matches("[0-9a-f]{64}");
                Instant at = Instant.parse(receipt.path("at").asText());

                JsonNode queued = entryBySeq(southApi, 2);
                assertThat(queued.path("hash").asText()).isEqualTo(receipt.path("hash").asText());
                assertThat(queued.path("mine").asBoolean()).isTrue();
                assertThat(queued.path("delivery").asText()).isEqualTo("queued");
                assertThat(queued.has("receiptAt")).as("an absent receipt time is left out, not null").isFalse();
                assertThat(queued.path("text").asText()).isEqualTo(KOREAN);
                assertThat(southApi.get("/api/v1/lines/" + LINE).json().path("queued").asLong()).isEqualTo(1);

                // 3. North comes back on its address; the outbox delivers and the receipt comes back.
                north = TestStations.restart(northDir, northFederationPort);
                Http northAgain = Http.bearer(north.apiUrl(), northToken);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(entryBySeq(southApi, 2).path("delivery").asText()).isEqualTo("delivered"));
                JsonNode delivered = entryBySeq(southApi, 2);
                assertThat(Instant.parse(delivered.path("receiptAt").asText())).isAfterOrEqualTo(at.minusSeconds(1));
                assertThat(delivered.path("hash").asText()).isEqualTo(receipt.path("hash").asText());
                assertThat(southApi.get("/api/v1/lines/" + LINE).json().path("queued").asLong()).isZero();

                Http.Response theirs = northAgain.get(TRANSCRIPT);
                assertThat(theirs.status()).isEqualTo(200);
                assertThat(theirs.text()).as("the Korean text travels as UTF-8, not escaped").contains(KOREAN);
                assertThat(new String(theirs.bytes(), StandardCharsets.UTF_8)).contains(KOREAN);
                JsonNode arrived = theirs.json().path("entries").get(1);
                assertThat(arrived.path("text").asText()).isEqualTo(KOREAN);
                assertThat(arrived.path("text").asText().codePoints().toArray()).isEqualTo(KOREAN.codePoints().toArray());
                assertThat(arrived.path("lang").asText()).isEqualTo("ko");
                assertThat(arrived.path("priority").asText()).isEqualTo("urgent");
                assertThat(arrived.path("mine").asBoolean()).isFalse();
                assertThat(arrived.path("delivery").asText()).isEqualTo("received");
                assertThat(arrived.path("author").asText()).isEqualTo("Blue House");
                assertThat(arrived.path("seq").asLong()).isEqualTo(2);
                assertThat(arrived.path("hash").asText()).isEqualTo(receipt.path("hash").asText());
                assertThat(arrived.has("receiptAt")).isFalse();

                // 4. And the answer goes the other way.
                Http.Response answer = northAgain.postJson(MESSAGES, Map.of("text", "수신 양호.", "lang", "ko"));
                assertThat(answer.status()).as("%s", answer).isEqualTo(201);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    JsonNode entries = southApi.get(TRANSCRIPT).json().path("entries");
                    assertThat(entries).hasSize(3);
                    JsonNode last = entries.get(2);
                    assertThat(last.path("text").asText()).isEqualTo("수신 양호.");
                    assertThat(last.path("author").asText()).isEqualTo("State Affairs Commission");
                    assertThat(last.path("delivery").asText()).isEqualTo("received");
                });
                JsonNode page = southApi.get(TRANSCRIPT + "?after=2&limit=1").json();
                assertThat(page.path("entries")).singleElement().satisfies(entry -> assertThat(entry.path("text").asText()).isEqualTo("수신 양호."));
                assertThat(page.path("last").asLong()).isEqualTo(3);
            } finally {
                if (north != null) {
                    north.close();
                }
            }
        }
    }

    private static JsonNode entryBySeq(Http api, long seq) {
        for (JsonNode entry : api.get(TRANSCRIPT).json().path("entries")) {
            if (entry.path("mine").asBoolean() && entry.path("seq").asLong() == seq) {
                return entry;
            }
        }
        throw new AssertionError("no own entry #" + seq + " in the transcript");
    }
}
