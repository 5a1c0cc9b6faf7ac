package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.Station;
import org.hotline.config.ConfigException;
import org.hotline.config.StationConfig;
import org.hotline.delivery.PeerClient;
import org.hotline.delivery.PeerRefusedException;
import org.hotline.delivery.Wire;
import org.hotline.protocol.EntryAuthor;
import org.hotline.protocol.EntryCodec;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.StationId;
import org.hotline.store.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A station's body limit (limits.max-body-bytes) refuses oversized federation requests with 413,
 * and never keeps the peer's queue from draining: large messages written while the line was down
 * still arrive, and every allowed limit carries the largest entry a station can write.
 */
@Timeout(value = 60)
class BodyLimitsTest {
    private static final String LINE = "liaison";
    private static final int LIMIT = 128 * 1024;
    private static final Map<String, String> SMALL_BODIES = Map.of("HOTLINE_LIMITS_MAX_BODY_BYTES", String.valueOf(LIMIT));

    @TempDir
    Path temp;

    @Test
    void oversizedBatchIsRefusedWith413AndStoresNothing() throws Exception {
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        try (Station a = TestStations.start(aDir, SMALL_BODIES); Station b = TestStations.start(bDir)) {
            assertThat(a.config().maxBodyBytes()).isEqualTo(LIMIT);
            TestStations.pair(a, b, LINE);
            b.lines().send(LINE, new Message("small", Priority.ROUTINE, "en"));
            TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
            TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
            StationId aId = a.identity().id();
            StationId bId = b.identity().id();
            LineId line = TestStations.line(a, LINE).id();

            // Three validly signed, well-linked entries of B that together exceed A's limit.
            SigningKey bKey = TestStations.key(bDir);
            Head head = TestStations.chain(b, LINE, bId).getLast().signed().head();
            List<SignedEntry> batch = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SignedEntry next = EntryAuthor.next(line, bKey, head, Head.EMPTY, Instant.now(),
                        new Message("x".repeat(45_000) + i, Priority.ROUTINE, "en"));
                batch.add(next);
                head = next.head();
            }
            byte[] body = Wire.JSON.writeValueAsBytes(Wire.Batch.of(batch));
            assertThat(body.length).isGreaterThan(LIMIT);

            try (PeerClient asB = TestStations.client(bDir, aId, TestStations.federationAddress(a))) {
                PeerRefusedException refused = catchThrowableOfType(PeerRefusedException.class, () -> asB.push(line, batch));
                assertThat(refused).isNotNull();
                assertThat(refused.status()).isEqualTo(413);
                assertThat(refused.refusal().error()).isEqualTo("TOO_LARGE");
            }

            // Without a declared length (chunked), the limit holds while reading. The station stops
            // reading past the limit and answers 413; a client still sending may instead see the
            // connection closed under it. Either way the body is refused, and nothing is stored.
            try (HttpClient http = TestStations.rawClient(bDir, aId)) {
                HttpResponse<byte[]> response;
                try {
                    response = http.send(HttpRequest.newBuilder(
                                    TestStations.federationUri(a, "lines/" + line.value() + "/entries"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                            .build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (java.io.IOException closedUnderUs) {
                    response = null;
                }
                if (response != null) {
                    assertThat(response.statusCode()).isEqualTo(413);
                    JsonNode refusal = Wire.JSON.readTree(response.body());
                    assertThat(refusal.path("error").asText()).isEqualTo("TOO_LARGE");
                    assertThat(refusal.path("reason").asText()).isNotBlank();
                }
            }

            assertThat(TestStations.Snapshot.of(a, LINE)).isEqualTo(before);
            // The line still works, in both directions.
            b.lines().send(LINE, new Message("after the big one", Priority.ROUTINE, "en"));
            a.lines().send(LINE, new Message("received you", Priority.ROUTINE, "en"));
            TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
            assertThat(TestStations.chain(a, LINE, bId)).hasSize(2);
        }
    }

    @Test
    void backlogOfLargeMessagesDrainsIntoAPeerWithSmallBodies() throws Exception {
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        Station a = TestStations.start(aDir, SMALL_BODIES);
        try (Station b = TestStations.start(bDir)) {
            TestStations.pair(a, b, LINE);
            int aPort = a.federationPort();
            a.close();
            // Each message fits A's limit easily; together they are several times larger.
            List<SignedEntry> sent = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                sent.add(b.lines().send(LINE, new Message(i + " " + "y".repeat(40_000), Priority.ROUTINE, "en")));
            }
            long backlog = sent.stream().mapToLong(s -> s.bytes().length).sum();
            assertThat(backlog * 4 / 3).isGreaterThan(3L * LIMIT);

            a = TestStations.restart(aDir, aPort, SMALL_BODIES);
            TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(40));
            assertThat(TestStations.chain(a, LINE, b.identity().id())).extracting(StoredEntry::signed)
                    .containsExactlyElementsOf(sent);
        } finally {
            a.close();
        }
    }

    @Test
    void everyAllowedBodyLimitCarriesTheLargestEntryAStationCanWrite() throws Exception {
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        // The smallest limit the configuration accepts, whatever it is, must carry the largest entry.
        StationConfig config = null;
        for (long candidate : new long[] {16 * 1024, 32 * 1024, 64 * 1024, 96 * 1024, 128 * 1024, 256 * 1024}) {
            try {
                config = TestStations.config(aDir, Map.of("HOTLINE_LIMITS_MAX_BODY_BYTES", String.valueOf(candidate)));
                break;
            } catch (ConfigException tooSmall) {
                assertThat(tooSmall.getMessage()).contains("limits.max-body-bytes");
            }
        }
        assertThat(config).as("some small body limit is accepted").isNotNull();
        try (Station a = Station.start(config, java.time.Clock.systemUTC()); Station b = TestStations.start(bDir)) {
            TestStations.pair(a, b, LINE);
            // As close to the entry size limit as the author allows: quotes double in JSON.
            String text = "\"".repeat(15_000) + "z".repeat(34_000);
            SignedEntry big = b.lines().send(LINE, new Message(text, Priority.ROUTINE, "en"));
            assertThat(big.bytes().length).isGreaterThan(EntryCodec.MAX_ENTRY_BYTES - 2_000);
            TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(15));
            assertThat(TestStations.chain(a, LINE, b.identity().id())).extracting(StoredEntry::signed).containsExactly(big);
        }
    }
}
