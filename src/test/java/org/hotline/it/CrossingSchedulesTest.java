package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.hotline.Station;
import org.hotline.line.ScheduleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Found in review: schedule proposals that cross must leave both stations on one schedule. */
class CrossingSchedulesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path temp;

    @Test
    void crossingScheduleProposalsLeaveBothStationsOnTheSameSchedule() throws Exception {
        try (Station south = TestStations.start(TestStations.init(temp.resolve("south"), "South"));
             Station north = TestStations.start(TestStations.init(temp.resolve("north"), "North"))) {
            int diverged = 0;
            for (int i = 0; i < 5; i++) {
                String line = "l" + i;
                TestStations.pair(south, north, line);
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<Void> a = CompletableFuture.runAsync(() -> { await(go);
                    south.lines().schedule(line, new ScheduleRequest("09:00 mon-fri Asia/Seoul", null, null, "us", "link-test", 300)); });
                CompletableFuture<Void> b = CompletableFuture.runAsync(() -> { await(go);
                    north.lines().schedule(line, new ScheduleRequest("10:00 mon-fri Asia/Seoul", null, null, "us", "link-test", 300)); });
                go.countDown();
                a.join(); b.join();
                TestStations.awaitQuiet(south, line, north, line, WAIT);
                Thread.sleep(500);
                TestStations.awaitQuiet(south, line, north, line, WAIT);
                // Each side names the caller in its own words ("us" or the other's name): compare them with names.
                String s = TestStations.summary(south, line).schedule().orElse("-").replace("called by us", "called by South");
                String n = TestStations.summary(north, line).schedule().orElse("-").replace("called by us", "called by North");
                if (!s.equals(n)) diverged++;
            }
            assertThat(diverged).isZero();
        }
    }

    private static void await(CountDownLatch l) { try { l.await(); } catch (InterruptedException e) { throw new RuntimeException(e); } }
}
