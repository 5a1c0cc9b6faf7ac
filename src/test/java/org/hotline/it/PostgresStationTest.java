package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.line.EntryView;
import org.hotline.line.TranscriptPage;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.StationId;
import org.hotline.store.JdbcStore;
import org.hotline.store.LineRecord;
import org.hotline.store.PostgresServer;
import org.hotline.store.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole station on PostgreSQL (its {@code store.url}) and one on SQLite, on one line: pairing,
 * messages both ways with receipts, a restart of the PostgreSQL station with a backlog waiting for
 * it, and at the end the same transcript, entry for entry and byte for byte, on both sides. The
 * station is made as an operator would, {@code hotline init --store-url}: its config names the
 * database, and the CLI's token is there.
 */
class PostgresStationTest {
    private static final String LINE = "liaison";

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 120)
    void aStationOnPostgresqlTalksWithOneOnSqliteAndKeepsItsTranscriptAcrossARestart() throws Exception {
        String url = PostgresServer.freshDatabase();
        Path southDir = TestStations.init(temp.resolve("south"), "Blue House", url);
        Path northDir = TestStations.init(temp.resolve("north"), "State Affairs Commission");
        assertThat(southDir.resolve("hotline.db")).as("no SQLite file for a station on PostgreSQL").doesNotExist();

        Station south = TestStations.start(southDir);
        try (Station north = TestStations.start(northDir)) {
            assertThat(south.config().storeUrl()).isEqualTo(url);
            assertThat(north.config().storeUrl()).startsWith("jdbc:sqlite:");
            // init made the CLI's token in PostgreSQL, so the CLI can use the station's API.
            assertThat(apiStatus(south, StationFiles.readCliToken(southDir))).isEqualTo(200);

            TestStations.pair(south, north, LINE);
            StationId southId = south.identity().id();
            StationId northId = north.identity().id();
            List<SignedEntry> fromSouth = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                fromSouth.add(south.lines().send(LINE, new Message("South #" + i + ": 연락 확인합니다.", Priority.ROUTINE, "ko")));
                north.lines().send(LINE, new Message("North #" + i, i % 10 == 0 ? Priority.FLASH : Priority.ROUTINE, "en"));
            }
            TestStations.awaitQuiet(south, LINE, north, LINE, Duration.ofSeconds(30));
            // Written after holding all of North's chain: with North's receipt, an agreed checkpoint.
            fromSouth.add(south.lines().send(LINE, new Message("settled", Priority.ROUTINE, "en")));
            TestStations.awaitQuiet(south, LINE, north, LINE, Duration.ofSeconds(30));
            assertSameTranscript(south, north, southId, northId, 51, 50);
            List<String> storedBefore = positionsAndHashes(south);

            // --- South stops; North writes meanwhile; South comes back on its address ---------------
            int southPort = south.federationPort();
            south.close();
            for (int i = 1; i <= 20; i++) {
                north.lines().send(LINE, new Message("while South was down #" + i, Priority.URGENT, "en"));
            }
            south = TestStations.restart(southDir, southPort);
            Station restarted = south;
            assertThat(TestStations.summary(restarted, LINE).ownEntries()).isEqualTo(51);
            assertThat(TestStations.transcript(restarted, LINE).stream().filter(EntryView::mine))
                    .as("receipts survived the restart").allSatisfy(e -> assertThat(e.delivery()).isEqualTo("delivered"));
            assertThat(positionsAndHashes(restarted)).startsWith(storedBefore.toArray(String[]::new));
            await().atMost(Duration.ofSeconds(30)).until(() -> TestStations.summary(restarted, LINE).peerEntries() == 70);

            SignedEntry after = restarted.lines().send(LINE, new Message("after the restart", Priority.ROUTINE, "en"));
            assertThat(after.entry().seq()).isEqualTo(52);
            assertThat(after.entry().prev()).contains(fromSouth.getLast().hash());
            assertThat(after.entry().seen().seq()).isEqualTo(70);
            TestStations.awaitQuiet(restarted, LINE, north, LINE, Duration.ofSeconds(30));
            assertSameTranscript(restarted, north, southId, northId, 52, 70);
            assertThat(TestStations.chain(restarted, LINE, southId).subList(0, 51)).extracting(StoredEntry::signed)
                    .containsExactlyElementsOf(fromSouth);
        } finally {
            south.close();
        }

        // What South holds is in PostgreSQL, read here without the station.
        try (JdbcStore store = JdbcStore.open(url)) {
            LineRecord line = store.lineByName(LINE).orElseThrow();
            assertThat(store.transcript(line.id(), 0, 1000)).hasSize(52 + 70);
        }
        // A second station is not created in the same database, nor on a URL no store understands.
        Path other = temp.resolve("other");
        assertThatThrownBy(() -> TestStations.init(other, "Other", url))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("already holds another station's lines");
        assertThatThrownBy(() -> TestStations.init(other, "Other", "jdbc:mysql://127.0.0.1/hotline"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql:");
        assertThat(other.resolve("hotline.conf")).doesNotExist();
        assertThat(other.resolve(StationFiles.KEY_FILE)).doesNotExist();
    }

    /**
     * Both stations hold the same entries: each author's chain, entry by entry, with the same bytes
     * and signatures; every entry of each side is delivered; both show the same agreed checkpoint.
     */
    private static void assertSameTranscript(Station south, Station north, StationId southId, StationId northId,
            int southEntries, int northEntries) {
        for (StationId author : List.of(southId, northId)) {
            List<SignedEntry> atSouth = TestStations.chain(south, LINE, author).stream().map(StoredEntry::signed).toList();
            List<SignedEntry> atNorth = TestStations.chain(north, LINE, author).stream().map(StoredEntry::signed).toList();
            assertThat(atSouth).hasSize(author.equals(southId) ? southEntries : northEntries).isEqualTo(atNorth);
            for (int i = 0; i < atSouth.size(); i++) {
                assertThat(atSouth.get(i).bytes()).isEqualTo(atNorth.get(i).bytes());
                assertThat(atSouth.get(i).signature()).isEqualTo(atNorth.get(i).signature());
            }
        }
        List<EntryView> southView = TestStations.transcript(south, LINE);
        List<EntryView> northView = TestStations.transcript(north, LINE);
        assertThat(southView).hasSize(southEntries + northEntries);
        assertThat(southView).extracting(EntryView::hash).containsExactlyInAnyOrderElementsOf(northView.stream().map(EntryView::hash).toList());
        assertThat(southView).extracting(EntryView::text).containsExactlyInAnyOrderElementsOf(northView.stream().map(EntryView::text).toList());
        assertThat(southView).filteredOn(EntryView::mine).allSatisfy(e -> assertThat(e.delivery()).isEqualTo("delivered"));
        assertThat(northView).filteredOn(EntryView::mine).allSatisfy(e -> assertThat(e.delivery()).isEqualTo("delivered"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Optional<TranscriptPage.CheckpointView> ofSouth = south.lines().transcript(LINE, 0, 1).checkpoint();
            Optional<TranscriptPage.CheckpointView> ofNorth = north.lines().transcript(LINE, 0, 1).checkpoint();
            assertThat(ofSouth).as("South's checkpoint").isPresent();
            assertThat(ofNorth).as("North's checkpoint").isPresent();
            assertThat(ofSouth.get().ownSeq()).isEqualTo(southEntries);
            assertThat(ofSouth.get().peerSeq()).isEqualTo(northEntries);
            assertThat(ofNorth.get().digest()).isEqualTo(ofSouth.get().digest());
        });
    }

    private static List<String> positionsAndHashes(Station station) {
        return TestStations.stored(station, LINE).stream().map(s -> s.position() + "/" + s.signed().hash().hex()).toList();
    }

    private static int apiStatus(Station station, String token) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(station.apiUrl() + "/api/v1/lines"))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(10))
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
