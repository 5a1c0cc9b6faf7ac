package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.Station;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.store.StoredEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Station A keeps its data folder on a small tmpfs that the test fills up or makes read-only.
 * Writes fail with a clear error, nothing half-written remains, the station stays up, and once
 * space (or write access) returns everything flows again with both transcripts identical.
 * Mounting needs root; elsewhere these tests are skipped with the reason (CI runs as root).
 */
@Timeout(value = 120)
class DiskFaultsTest {
    private static final String LINE = "liaison";
    private static final long DISK_BYTES = 32L * 1024 * 1024;

    @TempDir
    Path temp;

    private Path mountPoint;
    private boolean mounted;
    private Station a;
    private Station b;
    private Path aDir;

    @BeforeEach
    void startOnASmallDisk() throws Exception {
        mountPoint = Files.createDirectories(temp.resolve("small-disk"));
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + DISK_BYTES + ",mode=0700", "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(failure == null, () -> "cannot mount a small tmpfs (needs root): " + failure);
        mounted = true;
        aDir = TestStations.init(mountPoint.resolve("a"), "Blue House");
        a = TestStations.start(aDir);
        b = TestStations.start(TestStations.init(temp.resolve("b"), "State Affairs Commission"));
        TestStations.pair(a, b, LINE);
        a.lines().send(LINE, message("before the fault, from A"));
        b.lines().send(LINE, message("before the fault, from B"));
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() throws Exception {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (mounted) {
            run("mount", "-o", "remount,rw", mountPoint.toString());
            String failure = run("umount", mountPoint.toString());
            assertThat(failure).as("unmount").isNull();
        }
    }

    @Test
    void fullDiskRefusesWritesClearlyAndEverythingFlowsWhenSpaceReturns() throws Exception {
        Path filler = mountPoint.resolve("filler");
        fillUp(filler);

        assertWritesAreRefused("full");

        Files.delete(filler);
        assertEverythingFlowsAgain("full");
    }

    @Test
    void readOnlyDataFolderIsNamedAtStartAndTheStationRecoversWhenWritableAgain() throws Exception {
        // A file system goes read-only under a running process only by kernel error; what an
        // operator meets is a station (re)started on a read-only mount.
        int port = a.federationPort();
        a.close();
        a = null;
        assertThat(run("mount", "-o", "remount,ro", mountPoint.toString())).isNull();
        for (int i = 0; i < 5; i++) {
            b.lines().send(LINE, message("B, while A's disk is read-only #" + i));
        }

        Throwable refused = catchThrowable(() -> TestStations.restart(aDir, port));
        assertThat(refused).isNotNull();
        assertThat(messageChain(refused)).contains("read-only").contains(aDir.toString());
        assertThat(TestStations.summary(b, LINE).queued()).isEqualTo(5);

        assertThat(run("mount", "-o", "remount,rw", mountPoint.toString())).isNull();
        a = TestStations.restart(aDir, port);
        assertEverythingFlowsAgain("read-only");
    }

    @Test
    void startingOnAFullDiskSaysSoAndTheStationStartsWhenSpaceReturns() throws Exception {
        int port = a.federationPort();
        a.close();
        a = null;
        Path filler = mountPoint.resolve("filler");
        fillUp(filler);
        for (int i = 0; i < 5; i++) {
            b.lines().send(LINE, message("B, while A's disk is full #" + i));
        }

        Throwable refused = catchThrowable(() -> TestStations.restart(aDir, port));
        assertThat(refused).isNotNull();
        assertThat(messageChain(refused)).contains("is full").contains(aDir.toString());

        Files.delete(filler);
        a = TestStations.restart(aDir, port);
        assertEverythingFlowsAgain("full");
    }

    // --- checks ------------------------------------------------------------------------------

    private void assertWritesAreRefused(String why) throws Exception {
        List<String> before = TestStations.stored(a, LINE).stream().map(s -> s.signed().hash().hex()).toList();
        long bQueuedBefore = TestStations.summary(b, LINE).queued();

        // The operator's own message: a clear error, nothing stored.
        Throwable refused = catchThrowable(() -> a.lines().send(LINE, message("while the disk is " + why)));
        assertThat(refused).as("sending on a %s disk", why).isNotNull();
        assertThat(refused).isInstanceOfAny(HotlineException.class, RuntimeException.class);
        if (refused instanceof HotlineException hotline) {
            assertThat(hotline.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        }
        assertThat(messageChain(refused)).containsIgnoringCase(why);

        // The peer's messages: refused by A, kept queued by B, not lost.
        for (int i = 0; i < 5; i++) {
            b.lines().send(LINE, message("B, while A's disk is " + why + " #" + i));
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> TestStations.summary(b, LINE).queued() == bQueuedBefore + 5);
        assertThat(TestStations.summary(b, LINE).linkError()).hasValueSatisfying(error -> assertThat(error).isNotBlank());

        // A is still up and says what is wrong.
        assertThat(TestStations.stored(a, LINE).stream().map(s -> s.signed().hash().hex()).toList()).isEqualTo(before);
        assertThat(a.lines().summaries()).isNotEmpty();
    }

    private void assertEverythingFlowsAgain(String why) throws Exception {
        long started = System.nanoTime();
        a.lines().send(LINE, message("after the fault, from A"));
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(60));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("disk fault (%s): line quiet again %d ms after the disk was usable%n", why, millis);
        assertThat(TestStations.summary(a, LINE).peerEntries()).isEqualTo(TestStations.summary(b, LINE).ownEntries());
        assertThat(hashes(a)).isEqualTo(hashes(b));
        assertThat(TestStations.stored(a, LINE).stream().filter(s -> s.signed().entry().body() instanceof Message m
                && m.text().startsWith("B, while A's disk is " + why)).count()).isEqualTo(5);
        assertIntegrity();
    }

    private void assertIntegrity() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + aDir.resolve("hotline.db"));
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("ok");
        }
    }

    private static List<String> hashes(Station station) {
        return TestStations.stored(station, LINE).stream()
                .map(StoredEntry::signed)
                .map(s -> s.entry().author().shortForm() + "#" + s.entry().seq() + "/" + s.hash().hex())
                .sorted()
                .toList();
    }

    // --- the small disk ------------------------------------------------------------------------

    private static void fillUp(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // ENOSPC: the disk is full.
        }
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // and now to the last byte
        }
    }

    /** Runs a command; null on success, else what it said. */
    private static String run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? null : output.strip();
    }

    private static String messageChain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" | ");
        }
        return text.toString();
    }

    private static Message message(String text) {
        return new Message(text, Priority.ROUTINE, "en");
    }
}
