package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hotline.Station;
import org.hotline.error.HotlineException;
import org.hotline.line.EntryView;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.StationId;
import org.hotline.store.StoredEntry;
import org.hotline.transcript.Submitted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cutting a line, announced and silent, and restoring it from either side, with nothing lost. */
class SuspendRestoreTest {
    private static final String LINE = "liaison";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private static Message message(String text) {
        return new Message(text, Priority.ROUTINE, "en");
    }

    private static String state(Station station) {
        return TestStations.summary(station, LINE).state();
    }

    private static List<String> texts(Station station, StationId author) {
        return TestStations.chain(station, LINE, author).stream()
                .map(StoredEntry::signed)
                .filter(entry -> entry.entry().body() instanceof Message)
                .map(entry -> ((Message) entry.entry().body()).text())
                .toList();
    }

    @Test
    void anAnnouncedCutQueuesBothSidesAndTheOtherSideCanRestore() throws Exception {
        Path southDir = TestStations.init(temp.resolve("south"), "South");
        Path northDir = TestStations.init(temp.resolve("north"), "North");
        try (Station south = TestStations.start(southDir); Station north = TestStations.start(northDir)) {
            TestStations.pair(south, north, LINE);
            south.lines().send(LINE, message("before the cut"));
            TestStations.awaitQuiet(south, LINE, north, LINE, WAIT);
            north.lines().suspend(LINE, false, "talks broken off");
            await().atMost(WAIT).until(() -> state(south).equals("suspended"));
            assertThat(state(north)).isEqualTo("suspended");

            Submitted fromSouth = south.lines().submit(LINE, message("south writes during the cut"));
            Submitted fromNorth = north.lines().submit(LINE, message("north writes during the cut"));
            assertThat(fromSouth).isInstanceOf(Submitted.Waiting.class);
            assertThat(fromNorth).isInstanceOf(Submitted.Waiting.class);
            assertThat(TestStations.summary(south, LINE).queued()).isEqualTo(1);
            assertThatThrownBy(() -> south.lines().send(LINE, message("must open"))).isInstanceOf(HotlineException.class)
                    .hasMessageContaining("suspended");
            assertThatThrownBy(() -> south.lines().acceptRestore(LINE)).isInstanceOf(HotlineException.class)
                    .hasMessageContaining("not proposed");
            assertThatThrownBy(() -> north.lines().suspend(LINE, false, "again")).isInstanceOf(HotlineException.class)
                    .hasMessageContaining("already suspended");

            // The side that did not cut proposes; the side that cut accepts.
            south.lines().proposeRestore(LINE, "let us talk again");
            await().atMost(WAIT).until(() -> state(north).equals("restore-proposed"));
            north.lines().acceptRestore(LINE);
            await().atMost(WAIT).until(() -> state(south).equals("open") && state(north).equals("open"));
            TestStations.awaitQuiet(south, LINE, north, LINE, WAIT);

            assertThat(texts(north, south.identity().id())).containsExactly("before the cut", "south writes during the cut");
            assertThat(texts(south, north.identity().id())).containsExactly("north writes during the cut");
            List<String> southTypes = TestStations.transcript(south, LINE).stream().map(EntryView::type).toList();
            assertThat(southTypes).containsSubsequence("suspend", "restore-proposal", "restore-accept");
            // After the restore, the waiting messages come after the acceptance in each chain.
            assertThat(TestStations.chain(north, LINE, north.identity().id()).stream().map(e -> e.signed().entry().body().type()))
                    .containsExactly("suspend", "restore-accept", "message");
        }
    }

    @Test
    void aSilentCutLooksLikeSilenceUntilTheCutterProposesToRestore() throws Exception {
        Path southDir = TestStations.init(temp.resolve("south"), "South");
        Path northDir = TestStations.init(temp.resolve("north"), "North");
        try (Station south = TestStations.start(southDir); Station north = TestStations.start(northDir)) {
            TestStations.pair(south, north, LINE);
            north.lines().suspend(LINE, true, "");
            assertThat(state(north)).isEqualTo("suspended");
            assertThat(TestStations.summary(north, LINE).silent()).isTrue();

            south.lines().send(LINE, message("are you there?"));
            south.lines().send(LINE, message("please answer"));
            north.lines().submit(LINE, message("north, privately, during the cut"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(TestStations.summary(south, LINE).linkUp()).isFalse());
            // The south sees nothing but silence: its line is open, its messages wait unacknowledged.
            assertThat(state(south)).isEqualTo("open");
            assertThat(TestStations.summary(south, LINE).queued()).isEqualTo(2);
            assertThat(texts(north, south.identity().id())).isEmpty();
            assertThat(TestStations.chain(south, LINE, north.identity().id())).isEmpty();

            north.lines().proposeRestore(LINE, "");
            await().atMost(WAIT).until(() -> state(south).equals("restore-proposed"));
            // The silent suspend entry reached the south with the proposal: the transcript keeps the cut.
            assertThat(TestStations.chain(south, LINE, north.identity().id()).stream().map(e -> e.signed().entry().body().type()))
                    .containsExactly("suspend", "restore-proposal");
            south.lines().acceptRestore(LINE);
            await().atMost(WAIT).until(() -> state(south).equals("open") && state(north).equals("open"));
            TestStations.awaitQuiet(south, LINE, north, LINE, WAIT);
            assertThat(texts(north, south.identity().id())).containsExactly("are you there?", "please answer");
            assertThat(texts(south, north.identity().id())).containsExactly("north, privately, during the cut");
        }
    }

    @Test
    void tenThousandEntriesWrittenDuringACutSurviveARestartAndArriveOnceInOrder() throws Exception {
        Path southDir = TestStations.init(temp.resolve("south"), "South");
        Path northDir = TestStations.init(temp.resolve("north"), "North");
        Station south = TestStations.start(southDir);
        Station firstNorth = TestStations.start(northDir);
        Station north = firstNorth;
        try {
            TestStations.pair(south, north, LINE);
            south.lines().suspend(LINE, false, "maintenance of relations");
            await().atMost(WAIT).until(() -> state(firstNorth).equals("suspended"));

            int count = 10_000;
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<CompletableFuture<Submitted>> futures = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    String text = String.format("north %05d", i);
                    futures.add(CompletableFuture.supplyAsync(() -> firstNorth.lines().submit(LINE, message(text)), pool));
                    if (futures.size() == 16) {
                        futures.forEach(CompletableFuture::join);
                        futures.clear();
                    }
                }
                futures.forEach(CompletableFuture::join);
            }
            assertThat(TestStations.summary(north, LINE).queued()).isEqualTo(count);

            int port = north.federationPort();
            north.close();
            north = TestStations.restart(northDir, port);
            assertThat(TestStations.summary(north, LINE).queued()).isEqualTo(count);
            assertThat(state(north)).isEqualTo("suspended");

            north.lines().proposeRestore(LINE, "");
            Station southNow = south;
            await().atMost(WAIT).until(() -> state(southNow).equals("restore-proposed"));
            south.lines().acceptRestore(LINE);
            Station northNow = north;
            await().atMost(Duration.ofMinutes(3)).until(() -> TestStations.summary(northNow, LINE).queued() == 0
                    && texts(southNow, northNow.identity().id()).size() == count);

            List<String> received = texts(south, north.identity().id());
            // Every one exactly once, and in the very order of the writer's own chain (the order in
            // which the drafts were written; four concurrent writers interleave, so that order is
            // the writer's to fix).
            assertThat(received).hasSize(count).doesNotHaveDuplicates();
            assertThat(received).containsExactlyElementsOf(texts(north, north.identity().id()));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add(String.format("north %05d", i));
            }
            assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(TestStations.summary(north, LINE).checkpointDigest()).isPresent();
        } finally {
            north.close();
            south.close();
        }
    }
}
