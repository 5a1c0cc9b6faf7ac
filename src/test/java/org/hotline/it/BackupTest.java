package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.Station;
import org.hotline.backup.Backup;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup taken while both stations write restores to a station whose chains all verify. */
class BackupTest {
    @TempDir
    Path temp;

    @Test
    void aBackupTakenUnderLoadRestoresAndVerifies() throws Exception {
        Path southDir = TestStations.init(temp.resolve("south"), "South");
        Path northDir = TestStations.init(temp.resolve("north"), "North");
        Path backup = temp.resolve("backup");
        Path restored = temp.resolve("restored");
        try (Station south = TestStations.start(southDir); Station north = TestStations.start(northDir)) {
            TestStations.pair(south, north, "liaison");
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            Thread load = Thread.ofVirtual().start(() -> {
                while (writing.get()) {
                    south.lines().send("liaison", new Message("load " + written.incrementAndGet(), Priority.ROUTINE, "en"));
                    north.lines().send("liaison", new Message("reply " + written.get(), Priority.ROUTINE, "ko"));
                }
            });
            while (written.get() < 200) {
                Thread.sleep(10);
            }
            Backup.take(TestStations.config(southDir), backup);
            int atBackup = written.get();
            while (written.get() < atBackup + 100) {
                Thread.sleep(10);
            }
            writing.set(false);
            load.join();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.resolve("identity.key")))).isEqualTo("rw-------");
            assertThatThrownBy(() -> Backup.take(TestStations.config(southDir), backup)).isInstanceOf(FileAlreadyExistsException.class);
        }

        List<Backup.VerifiedLine> lines = Backup.restore(backup, restored);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.line()).isEqualTo("liaison");
            // Taken mid-stream: some of what was written, not all, and every chain whole.
            assertThat(line.own().seq()).isGreaterThanOrEqualTo(200);
            assertThat(line.peer().seq()).isPositive();
        });
        assertThatThrownBy(() -> Backup.restore(backup, restored)).isInstanceOf(FileAlreadyExistsException.class);

        try (Station again = TestStations.start(restored)) {
            assertThat(again.identity().id()).isEqualTo(TestStations.key(southDir).verifyingKey().stationId());
            assertThat(TestStations.summary(again, "liaison").ownEntries()).isEqualTo(lines.getFirst().own().seq());
        }
    }

}
