package org.hotline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.config.Address;
import org.hotline.config.FreePort;
import org.hotline.config.StationConfig;
import org.hotline.line.EntryView;
import org.hotline.line.TranscriptPage;

/** Stations in temporary folders for the demo and the benchmark, and waiting on what they do. */
final class DemoStations {
    private DemoStations() {}

    /** A station on free loopback ports, written into its config so the CLI can find its API. */
    static void init(Path dir, String name) throws IOException {
        Address federation = FreePort.resolve(new Address("127.0.0.1", 0));
        Address api = FreePort.resolve(new Address("127.0.0.1", 0));
        StationFiles.init(dir, name, federation, Optional.empty(), api, new SecureRandom(), Clock.systemUTC());
    }

    static StationConfig config(Path dir) throws IOException {
        return StationConfig.load(dir, Map.of("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "2"));
    }

    static EntryView awaitEntry(Station station, String hash, Duration timeout) throws CliException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long total = station.lines().chains("liaison").position();
            TranscriptPage page = station.lines().transcript("liaison", Math.max(0, total - 20), 20);
            for (EntryView entry : page.entries()) {
                if (entry.hash().equals(hash)) {
                    return entry;
                }
            }
            LockSupport.parkNanos(5_000_000);
        }
        throw new CliException("demo: the message did not arrive within " + timeout.toSeconds() + " s");
    }

    static void awaitReceipt(Station station, long seq, Duration timeout) throws CliException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (station.lines().chains("liaison").acknowledged() < seq) {
            if (System.nanoTime() > deadline) {
                throw new CliException("demo: no receipt within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    static TranscriptPage awaitCheckpoint(Station station, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TranscriptPage page = station.lines().transcript("liaison", 0, 1);
        while (page.checkpoint().isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
            page = station.lines().transcript("liaison", 0, 1);
        }
        return page;
    }

    /** Waits until neither station has anything left to deliver on the line. */
    static void awaitQuietly(Station one, Station other, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((one.lines().chains("liaison").queued() > 0 || other.lines().chains("liaison").queued() > 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
        }
    }

    static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
