package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hotline.Station;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** A restore proposal behind entries the cutting side refuses (found in review) still gets through. */
class RestoreBehindRefusedEntriesTest {
    private static final String LINE = "liaison";
    @TempDir Path temp;

    private static String state(Station s) { return TestStations.summary(s, LINE).state(); }

    @Test
    void aRestoreProposalBehindRefusedEntriesReachesTheCutter() throws Exception {
        Map<String, String> small = Map.of("HOTLINE_DELIVERY_BATCH_SIZE", "1");
        Path southDir = TestStations.init(temp.resolve("south"), "South");
        Path northDir = TestStations.init(temp.resolve("north"), "North");
        Station south = TestStations.start(southDir, small);
        Station north = TestStations.start(northDir);
        int northPort = north.federationPort();
        try {
            TestStations.pair(south, north, LINE);
            north.close();
            south.lines().send(LINE, new Message("written before south knew of any cut", Priority.ROUTINE, "en"));
            // The north cuts (announced) on a port the south does not know, so the south's message cannot arrive first.
            north = TestStations.start(northDir);
            north.lines().suspend(LINE, false, "cut");
            Station s = south;
            await().atMost(Duration.ofSeconds(30)).until(() -> state(s).equals("suspended"));
            north.close();
            north = TestStations.restart(northDir, northPort);
            south.lines().proposeRestore(LINE, "let us talk");
            Station n = north;
            await().atMost(Duration.ofSeconds(60)).until(() -> state(n).equals("restore-proposed"));
            north.lines().acceptRestore(LINE);
            await().atMost(Duration.ofSeconds(60)).until(() -> state(s).equals("open") && state(n).equals("open"));
        } finally {
            north.close();
            south.close();
        }
    }
}
