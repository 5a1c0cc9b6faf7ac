package org.hotline.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.hotline.Station;
import org.hotline.config.StationConfig;
import org.hotline.line.IssuedInvitation;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure two stations on this machine: durable latency with signed receipt, throughput, backlog drain, start-up, memory, and the disk's fsync floor.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--latency-samples", defaultValue = "300", description = "Sequential round trips for the latency figure. Default: ${DEFAULT-VALUE}.")
    int latencySamples;

    @Option(names = "--messages", defaultValue = "20000", description = "Messages for the throughput figure. Default: ${DEFAULT-VALUE}.")
    int messages;

    @Option(names = "--backlog", defaultValue = "10000", description = "Entries written while the peer is down. Default: ${DEFAULT-VALUE}.")
    int backlog;

    @Option(names = "--senders", defaultValue = "32", description = "Concurrent senders for throughput and backlog. Default: ${DEFAULT-VALUE}.")
    int senders;

    @Override
    public Integer call() throws Exception {
        Quiet.stationLogs();
        Path root = Files.createTempDirectory("hotline-bench-");
        try {
            return run(root);
        } finally {
            DemoStations.delete(root);
        }
    }

    private int run(Path root) throws Exception {
        System.out.println("Hotline benchmark (two stations in one JVM, real TLS on loopback, SQLite WAL with fsync)");
        System.out.printf("  cores %d, max heap %d MiB, java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.version());
        double[] fsync = fsyncFloor(root.resolve("fsync-probe"), 2000);
        System.out.printf("%-44s p50 %8.3f ms   p99 %8.3f ms%n", "disk fsync of a 1 KiB append (the floor)", fsync[0], fsync[1]);

        Path southDir = root.resolve("a");
        Path northDir = root.resolve("b");
        DemoStations.init(southDir, "Station A");
        DemoStations.init(northDir, "Station B");
        Station a = Station.start(config(southDir), Clock.systemUTC());
        Station b = Station.start(config(northDir), Clock.systemUTC());
        try {
            IssuedInvitation invitation = a.lines().invite("liaison", Optional.empty());
            b.lines().accept(invitation.invitation(), Optional.empty());

            sendConcurrently(a, 500);
            awaitAcknowledged(a, a.lines().chains("liaison").own().seq(), Duration.ofMinutes(2));

            double[] latency = latency(a, latencySamples);
            System.out.printf("%-44s p50 %8.3f ms   p99 %8.3f ms   (%.1fx the fsync p50)%n",
                    "durable A->B message, signed receipt at A", latency[0], latency[1], latency[0] / fsync[0]);

            long startSeq = a.lines().chains("liaison").own().seq();
            long started = System.nanoTime();
            sendConcurrently(a, messages);
            awaitAcknowledged(a, startSeq + messages, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%-44s %8.0f messages/s   (%d messages, %d senders, %.2f s)%n",
                    "sustained throughput, one line", messages / seconds, messages, senders, seconds);

            int federationPort = b.federationPort();
            b.close();
            long before = a.lines().chains("liaison").own().seq();
            sendConcurrently(a, backlog);
            long queued = a.lines().chains("liaison").queued();
            long startup = System.nanoTime();
            Map<String, String> restart = new java.util.HashMap<>(UNLIMITED);
            restart.put("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "2");
            restart.put("HOTLINE_FEDERATION_LISTEN", "127.0.0.1:" + federationPort);
            b = Station.start(StationConfig.load(northDir, restart), Clock.systemUTC());
            double startupMillis = (System.nanoTime() - startup) / 1e6;
            long drainStart = System.nanoTime();
            awaitAcknowledged(a, before + backlog, Duration.ofMinutes(5));
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            System.out.printf("%-44s %8.2f s   (%d queued entries, %.0f entries/s)%n",
                    "backlog drained after the peer restarts", drainSeconds, queued, queued / drainSeconds);
            System.out.printf("%-44s %8.0f ms%n", "station start-up to ready (existing store)", startupMillis);

            System.gc();
            Thread.sleep(1000);
            System.gc();
            long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf("%-44s %8d MiB heap   (both stations in this JVM)%n", "idle memory after GC", used >> 20);
        } finally {
            b.close();
            a.close();
        }
        return 0;
    }

    /** The benchmark measures the transport, so the per-line storage quotas must not throttle it. */
    private static final Map<String, String> UNLIMITED = Map.of(
            "HOTLINE_LIMITS_LINE_ENTRIES_PER_WINDOW", "1000000000",
            "HOTLINE_LIMITS_LINE_BYTES_PER_WINDOW", String.valueOf(1L << 40));

    private static StationConfig config(Path dir) throws IOException {
        Map<String, String> overrides = new java.util.HashMap<>(UNLIMITED);
        overrides.put("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "2");
        return StationConfig.load(dir, overrides);
    }

    private static double[] fsyncFloor(Path file, int samples) throws IOException {
        long[] nanos = new long[samples];
        ByteBuffer block = ByteBuffer.allocate(1024);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < samples; i++) {
                block.clear();
                long started = System.nanoTime();
                channel.write(block);
                channel.force(false);
                nanos[i] = System.nanoTime() - started;
            }
        }
        Files.delete(file);
        return percentiles(nanos);
    }

    private static double[] latency(Station a, int samples) throws Exception {
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long started = System.nanoTime();
            long seq = a.lines().send("liaison", new Message("latency probe " + i, Priority.ROUTINE, "en")).entry().seq();
            while (a.lines().chains("liaison").acknowledged() < seq) {
                LockSupport.parkNanos(20_000);
            }
            nanos[i] = System.nanoTime() - started;
        }
        return percentiles(nanos);
    }

    private void sendConcurrently(Station station, int count) throws Exception {
        AtomicLong next = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                futures.add(pool.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < count) {
                        station.lines().send("liaison", new Message("bench message " + i + " 연락 확인", Priority.ROUTINE, "en"));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    private static void awaitAcknowledged(Station station, long seq, Duration timeout) throws CliException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (station.lines().chains("liaison").acknowledged() < seq) {
            if (System.nanoTime() > deadline) {
                throw new CliException("bench: the peer did not acknowledge #" + seq + " within " + timeout);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2] / 1e6, sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6};
    }
}
