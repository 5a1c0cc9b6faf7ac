package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hotline.Station;
import org.hotline.backup.Backup;
import org.hotline.cli.CliRunner;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file a station writes is 0600 and every folder 0700, whatever the umask: the config holds
 * the webhook secret, SMTP password and store URL, the store holds transcripts and token hashes.
 */
class FileModesTest {
    @TempDir
    Path temp;

    @BeforeEach
    void theUmaskIsLooseEnoughToMatter() throws IOException {
        // Under umask 077 every file is private anyway and this test would prove nothing.
        Path probe = Files.createFile(temp.resolve("probe"));
        assumeThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)))
                .as("this JVM's umask already makes files private")
                .isNotEqualTo("rw-------");
        Files.delete(probe);
    }

    @Test
    void aStationItsBackupItsRestoreAndItsExportsAreOwnerOnly() throws Exception {
        Path south = temp.resolve("south");
        Path backup = temp.resolve("backup");
        Path restored = temp.resolve("restored");
        Path exported = temp.resolve("liaison.bundle");
        Path north = TestStations.init(temp.resolve("north"), "North");
        TestStations.init(south, "South");
        try (Station s = TestStations.start(south);
                Station n = TestStations.start(north)) {
            TestStations.pair(s, n, "liaison");
            s.lines().send("liaison", new Message("written while the WAL is live", Priority.ROUTINE, "en"));
            Backup.take(TestStations.config(south), backup);
            CliRunner.Run run = CliRunner.at(s, "", "export", "liaison", "--to", exported.toString());
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(Files.exists(south.resolve("hotline.db-wal"))).isTrue();
            assertOwnerOnly(south);
        }
        Backup.restore(backup, restored);
        assertOwnerOnly(backup);
        assertOwnerOnly(restored);
        assertThat(mode(exported)).isEqualTo("rw-------");
    }

    @Test
    void aDataFolderMadeByHandAndAStoreLeftReadableAreNarrowedAtStart() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("by-hand"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        TestStations.init(dir, "South");
        assertThat(mode(dir)).isEqualTo("rwx------");
        // A station from before this rule, or a copy made with cp: its store is world-readable.
        Files.setPosixFilePermissions(dir.resolve("hotline.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (Station station = TestStations.start(dir)) {
            assertThat(station.lines().summaries()).isEmpty();
            assertOwnerOnly(dir);
        }
    }

    private static void assertOwnerOnly(Path root) throws IOException {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                modes.put(root.relativize(path).toString(), mode(path));
            }
        }
        assertThat(modes).as("modes under " + root).isNotEmpty();
        modes.forEach((path, mode) -> assertThat(mode)
                .as(path + " under " + root)
                .isIn(List.of(Files.isDirectory(root.resolve(path)) ? "rwx------" : "rw-------")));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
