package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint, scraped over HTTP and parsed sample by sample; the health check; the export route. */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)$");

    @TempDir
    Path temp;

    @Test
    void metricsDescribeTheLineAndTheHealthCheckNeedsNoToken() throws Exception {
        Path southDir = TestStations.init(temp.resolve("south"), "South");
        Path northDir = TestStations.init(temp.resolve("north"), "North");
        try (Station south = TestStations.start(southDir); Station north = TestStations.start(northDir)) {
            TestStations.pair(south, north, "liaison");
            for (int i = 0; i < 5; i++) {
                south.lines().send("liaison", new Message("m" + i, Priority.ROUTINE, "en"));
            }
            north.lines().send("liaison", new Message("reply", Priority.ROUTINE, "en"));
            TestStations.awaitQuiet(south, "liaison", north, "liaison", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20)).until(() -> TestStations.summary(south, "liaison").linkUp());

            HttpClient http = HttpClient.newHttpClient();
            String token = StationFiles.readCliToken(southDir);
            HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/api/v1/metrics"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            Map<String, Double> samples = parse(scraped.body());

            assertThat(samples).containsEntry("hotline_line_state{line=\"liaison\"}", 0.0)
                    .containsEntry("hotline_link_up{line=\"liaison\"}", 1.0)
                    .containsEntry("hotline_queue_depth{line=\"liaison\"}", 0.0)
                    .containsEntry("hotline_own_entries{line=\"liaison\"}", 5.0)
                    .containsEntry("hotline_peer_entries{line=\"liaison\"}", 1.0)
                    .containsEntry("hotline_entries_sent_total{type=\"message\"}", 5.0)
                    .containsEntry("hotline_entries_received_total{type=\"message\"}", 1.0);
            assertThat(samples.get("hotline_delivery_latency_seconds_count")).isEqualTo(5.0);
            assertThat(samples.get("hotline_link_round_trip_seconds{line=\"liaison\"}")).isPositive();
            assertThat(samples.keySet()).anyMatch(name -> name.startsWith("jvm_memory_used_bytes"));

            // The same API hands an auditor the transcript as a bundle that verifies offline.
            HttpResponse<byte[]> exported = http.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/api/v1/lines/liaison/export"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(exported.statusCode()).isEqualTo(200);
            org.hotline.protocol.TranscriptBundle.Report report = org.hotline.protocol.TranscriptBundle.decode(exported.body()).verify();
            assertThat(report.entries()).isEqualTo(6);
            assertThat(report.heads()).containsEntry(south.identity().id(), TestStations.chain(south, "liaison", south.identity().id()).getLast().signed().head());

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/api/v1/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    /**
     * Prometheus' own linter passes every metric (names in base units, no _count on a gauge...).
     * CI installs Debian's prometheus package, which brings promtool; without it this is skipped.
     */
    @Test
    void everyMetricPassesPromtool() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed (apt-get install prometheus)");
        Path dir = TestStations.init(temp.resolve("south"), "South");
        try (Station station = TestStations.start(dir)) {
            HttpResponse<String> scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(station.apiUrl() + "/api/v1/metrics"))
                    .header("Authorization", "Bearer " + StationFiles.readCliToken(dir)).build(), HttpResponse.BodyHandlers.ofString());
            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (var in = check.getOutputStream()) {
                in.write(scraped.body().getBytes(StandardCharsets.UTF_8));
            }
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(said).as("promtool check metrics").isEmpty();
            assertThat(check.exitValue()).isZero();
        }
    }

    /** Every sample line of the Prometheus text format, as "name{labels}" to value; comments skipped. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line.strip());
            assertThat(matcher.matches()).as("a valid sample line: %s", line).isTrue();
            samples.put(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)), Double.parseDouble(matcher.group(3)));
        }
        return samples;
    }
}
