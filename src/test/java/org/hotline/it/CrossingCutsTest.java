package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.hotline.Station;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cuts that cross a restore proposal (found in review): both stations must end in the same
 * declared state whatever order they stored the control entries in.
 */
class CrossingCutsTest {
    private static final String LINE = "liaison";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private static String state(Station station) {
        return TestStations.summary(station, LINE).state();
    }

    @Test
    void aSilentCutAndAnAnnouncedCutCrossingAProposalEndOpenOnBothSides() throws Exception {
        try (Station south = TestStations.start(TestStations.init(temp.resolve("south"), "South"));
                Station north = TestStations.start(TestStations.init(temp.resolve("north"), "North"))) {
            TestStations.pair(south, north, LINE);
            north.lines().suspend(LINE, true, "");           // silent: held in the north's outbox
            south.lines().suspend(LINE, false, "no answer");  // the north answers 503; the south's cut waits
            north.lines().proposeRestore(LINE, "");           // the north sends [suspend, proposal]
            await().atMost(WAIT).until(() -> state(south).equals("restore-proposed"));
            // The south's own cut reaches the north after the north's proposal: still a pending restore there.
            await().atMost(WAIT).until(() -> TestStations.summary(north, LINE).peerEntries() >= 1);
            await().atMost(WAIT).until(() -> state(north).equals("restore-proposed"));
            south.lines().acceptRestore(LINE);
            TestStations.awaitQuiet(south, LINE, north, LINE, WAIT);
            await().atMost(WAIT).until(() -> state(south).equals("open") && state(north).equals("open"));
        }
    }

    @Test
    void bothSidesCuttingAtOnceCanStillRestore() throws Exception {
        try (Station south = TestStations.start(TestStations.init(temp.resolve("south"), "South"));
                Station north = TestStations.start(TestStations.init(temp.resolve("north"), "North"))) {
            TestStations.pair(south, north, LINE);
            north.lines().suspend(LINE, false, "north cuts");
            south.lines().suspend(LINE, false, "south cuts");
            // Each refuses the other's cut (it refuses everything that does not restore the line).
            assertThat(state(south)).isEqualTo("suspended");
            assertThat(state(north)).isEqualTo("suspended");
            south.lines().proposeRestore(LINE, "");
            await().atMost(WAIT).until(() -> state(north).equals("restore-proposed"));
            north.lines().acceptRestore(LINE);
            await().atMost(WAIT).until(() -> state(south).equals("open") && state(north).equals("open"));
            TestStations.awaitQuiet(south, LINE, north, LINE, WAIT);
            assertThat(TestStations.chain(north, LINE, south.identity().id()).stream().map(e -> e.signed().entry().body().type()))
                    .containsExactly("suspend", "restore-proposal");
        }
    }
}
