package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotline.Station;
import org.hotline.line.EntryView;
import org.hotline.line.LineSummary;
import org.hotline.line.TranscriptPage;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwoStationsTest {
    @TempDir
    Path temp;

    @Test
    void pairedStationsTalkBothWaysWithSignedReceipts() throws Exception {
        Path southDir = TestStations.init(temp.resolve("south"), "Blue House");
        Path northDir = TestStations.init(temp.resolve("north"), "State Affairs Commission");
        try (Station south = TestStations.start(southDir); Station north = TestStations.start(northDir)) {
            LineSummary opened = TestStations.pair(south, north, "liaison");
            assertThat(opened.peerName()).isEqualTo("Blue House");
            assertThat(opened.peerId()).isEqualTo(south.identity().id().display());
            assertThat(south.lines().resolve("liaison").peerId()).isEqualTo(north.identity().id());

            south.lines().send("liaison", new Message("Good morning. This is the 09:00 check.", Priority.ROUTINE, "en"));
            north.lines().send("liaison", new Message("연락 확인합니다.", Priority.URGENT, "ko"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(south.lines().summary(south.lines().resolve("liaison")).queued()).isZero();
                assertThat(north.lines().summary(north.lines().resolve("liaison")).queued()).isZero();
                assertThat(south.lines().transcript("liaison", 0, 100).entries()).hasSize(2);
                assertThat(north.lines().transcript("liaison", 0, 100).entries()).hasSize(2);
            });
            TranscriptPage southView = south.lines().transcript("liaison", 0, 100);
            EntryView mine = southView.entries().stream().filter(EntryView::mine).findFirst().orElseThrow();
            EntryView theirs = southView.entries().stream().filter(e -> !e.mine()).findFirst().orElseThrow();
            assertThat(mine.delivery()).isEqualTo("delivered");
            assertThat(mine.receiptAt()).isPresent();
            assertThat(theirs.text()).contains("연락 확인합니다.");
            assertThat(theirs.lang()).contains("ko");
            assertThat(theirs.priority()).contains("urgent");
            assertThat(theirs.author()).isEqualTo("State Affairs Commission");
            assertThat(hashes(southView)).containsExactlyInAnyOrderElementsOf(hashes(north.lines().transcript("liaison", 0, 100)));
        }
    }

    private static List<String> hashes(TranscriptPage page) {
        return page.entries().stream().map(EntryView::hash).toList();
    }
}
