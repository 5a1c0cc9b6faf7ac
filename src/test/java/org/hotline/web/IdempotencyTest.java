package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.Station;
import org.hotline.it.TestStations;
import org.hotline.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client that retries a send with the same Idempotency-Key (its answer was lost, it timed out,
 * the station failed over) writes the message once: the repeat gets the first answer, across a
 * restart and across a cut; the same key with another message is refused and writes nothing.
 */
@Timeout(value = 90)
class IdempotencyTest {
    private static final String LINE = PairedStations.LINE;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRepeatedRequestWritesOnceAndGetsTheFirstAnswer() throws Exception {
        try (PairedStations pair = PairedStations.start(temp)) {
            HttpResponse<String> first = send(pair.south, pair.southOperator, "check-0900", "Good morning, 09:00 check.");
            assertThat(first.statusCode()).isEqualTo(201);
            HttpResponse<String> again = send(pair.south, pair.southOperator, "check-0900", "Good morning, 09:00 check.");
            assertThat(again.statusCode()).isEqualTo(201);
            assertThat(json(again).path("seq").asLong()).isEqualTo(json(first).path("seq").asLong());
            assertThat(json(again).path("hash").asText()).isEqualTo(json(first).path("hash").asText());
            assertThat(messages(pair.south, "Good morning, 09:00 check.")).isEqualTo(1);

            // The same key for another message: refused, nothing written.
            HttpResponse<String> other = send(pair.south, pair.southOperator, "check-0900", "Something else entirely.");
            assertThat(other.statusCode()).isEqualTo(409);
            assertThat(json(other).path("error").asText()).isEqualTo("CONFLICT");
            assertThat(messages(pair.south, "Something else entirely.")).isZero();

            // Keys are per user or token: another token's key of the same name is its own.
            HttpResponse<String> byOther = send(pair.south, pair.southPrincipal, "check-0900", "From the principal's own client.");
            assertThat(byOther.statusCode()).isEqualTo(201);

            // A malformed key is refused before anything is written.
            assertThat(send(pair.south, pair.southOperator, "no spaces allowed", "x").statusCode()).isEqualTo(400);
            TestStations.awaitQuiet(pair.south, LINE, pair.north, LINE, Duration.ofSeconds(20));
            assertThat(messages(pair.north, "Good morning, 09:00 check.")).isEqualTo(1);
        }
    }

    @Test
    void aRepeatDuringACutWaitsOnceAndIsSignedInOnceAfterTheRestore() throws Exception {
        try (PairedStations pair = PairedStations.start(temp)) {
            pair.south.lines().suspend(LINE, false, "maintenance");
            HttpResponse<String> first = send(pair.south, pair.southOperator, "while-cut", "Written during the cut.");
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(send(pair.south, pair.southOperator, "while-cut", "Written during the cut.").statusCode()).isEqualTo(202);

            pair.south.lines().proposeRestore(LINE, "");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> TestStations.summary(pair.north, LINE).restoreProposedBy().isPresent());
            pair.north.lines().acceptRestore(LINE);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> messages(pair.south, "Written during the cut.") == 1);
            // Now signed in: the repeat answers with the entry it became.
            HttpResponse<String> after = send(pair.south, pair.southOperator, "while-cut", "Written during the cut.");
            assertThat(after.statusCode()).isEqualTo(201);
            assertThat(json(after).path("seq").asLong()).isPositive();
            assertThat(messages(pair.south, "Written during the cut.")).isEqualTo(1);
        }
    }

    private HttpResponse<String> send(Station station, String token, String key, String text) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(station.apiUrl() + "/api/v1/lines/" + LINE + "/messages"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(java.util.Map.of("text", text))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static long messages(Station station, String text) {
        return TestStations.stored(station, LINE).stream()
                .filter(s -> s.signed().entry().body() instanceof Message m && m.text().equals(text))
                .count();
    }
}
