package org.hotline.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.config.Address;
import org.hotline.config.FreePort;
import org.hotline.it.FaultProxy;
import org.hotline.it.TestStations;
import org.hotline.protocol.Call;
import org.hotline.protocol.ChainAudit;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.store.JdbcStore;
import org.hotline.store.LineRecord;
import org.hotline.store.PostgresServer;
import org.hotline.store.StoredEntry;
import org.hotline.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Station A runs as two {@code hotline serve} processes (nodes) on one real PostgreSQL database;
 * station B is an ordinary station. B reaches A through a load balancer (a TCP proxy) that points
 * at one node. While messages flow both ways and A places a link test every 15 seconds, the node
 * that holds the lease is killed with SIGKILL, twice (each node in turn). The other takes over
 * within seconds; afterwards every message is in both transcripts exactly once and in order, and
 * every scheduled call was placed exactly once.
 */
@Timeout(value = 300)
class HaFailoverTest {
    private static final String LINE = "liaison";
    private static final int MESSAGES = 150;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One node of station A: its own folder (same key, same database), its own ports, its process. */
    private final class Node {
        final String name;
        final Path dir;
        final Address federation;
        final Address api;
        volatile Process process;

        Node(String name, Path dir) throws IOException {
            this.name = name;
            this.dir = dir;
            this.federation = FreePort.resolve(new Address("127.0.0.1", 0));
            this.api = FreePort.resolve(new Address("127.0.0.1", 0));
        }

        void start() throws IOException {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.hotline.cli.Main", "serve", "--data", dir.toString());
            Map<String, String> env = builder.environment();
            env.put("HOTLINE_HA_NODE", name);
            env.put("HOTLINE_FEDERATION_LISTEN", federation.toString());
            env.put("HOTLINE_API_LISTEN", api.toString());
            env.put("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "1");
            env.put("HOTLINE_LOG_LEVEL", "INFO");
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("serve.log").toFile()));
            process = builder.start();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            }
        }

        int status(HttpRequest.Builder request) {
            try {
                return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        Optional<JsonNode> json(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() / 100 == 2 ? Optional.of(Json.MAPPER.readTree(response.body())) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        URI uri(String path) {
            return URI.create("http://" + api + path);
        }

        boolean healthy() {
            return status(HttpRequest.newBuilder(uri("/api/v1/health"))) == 200;
        }

        int send(String text) {
            try {
                return status(HttpRequest.newBuilder(uri("/api/v1/lines/" + LINE + "/messages"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", text)
                        .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(Map.of("text", text)))));
            } catch (IOException e) {
                return -1;
            }
        }
    }

    private String token;
    private String storeUrl;

    @Test
    void killingTheLeaseHolderHandsTheStationToAnotherNodeAndNothingIsLostOrDuplicated() throws Exception {
        storeUrl = PostgresServer.freshDatabase();
        try (FaultProxy balancer = new FaultProxy()) {
            Path dir1 = temp.resolve("node-1");
            StationFiles.init(dir1, "Blue House", new Address("127.0.0.1", 0), Optional.of(balancer.address()),
                    new Address("127.0.0.1", 0), Optional.of(storeUrl), new SecureRandom(), Clock.systemUTC());
            Path dir2 = copyFolder(dir1, temp.resolve("node-2"));
            token = StationFiles.readCliToken(dir1);
            Node one = new Node("node-1", dir1);
            Node two = new Node("node-2", dir2);
            Station b = null;
            try {
                one.start();
                await().atMost(Duration.ofSeconds(60)).until(one::healthy);
                two.start();
                // The follower answers too: its API port relays to the leader.
                await().atMost(Duration.ofSeconds(60)).until(two::healthy);
                assertThat(leader()).contains("node-1");
                balancer.target(two.federation);

                b = TestStations.start(TestStations.init(temp.resolve("b"), "State Affairs Commission"));
                String invitation = two.json(HttpRequest.newBuilder(two.uri("/api/v1/invitations"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"line\":\"" + LINE + "\"}")))
                        .orElseThrow().path("invitation").asText();
                b.lines().accept(invitation, Optional.empty());
                // A link test every 15 s, placed by A, with a minute to answer.
                assertThat(one.status(HttpRequest.newBuilder(one.uri("/api/v1/lines/" + LINE + "/schedule"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"crons\":[\"0/15 * * * * ?\"],\"zone\":\"UTC\",\"caller\":\"us\",\"kind\":\"link-test\",\"windowSeconds\":60}"))))
                        .isEqualTo(202);

                Station bStation = b;
                Set<String> confirmed = ConcurrentHashMap.newKeySet();
                AtomicBoolean stop = new AtomicBoolean();
                List<Node> nodes = List.of(one, two);
                Thread fromA = Thread.ofVirtual().start(() -> sendFromA(nodes, confirmed, stop));
                Thread fromB = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < MESSAGES && !stop.get(); i++) {
                        bStation.lines().send(LINE, new Message("b-" + i, Priority.ROUTINE, "en"));
                        sleep(100);
                    }
                });

                List<Long> takeovers = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> confirmed.size() >= MESSAGES / 3);
                takeovers.add(killLeaderAndTimeTakeover(one, two, "node-2"));
                one.start(); // back as a follower
                await().atMost(Duration.ofSeconds(60)).until(one::healthy);
                await().atMost(Duration.ofSeconds(60)).until(() -> confirmed.size() >= 2 * MESSAGES / 3);
                balancer.target(one.federation); // the balancer's health check would move off the node about to die
                takeovers.add(killLeaderAndTimeTakeover(two, one, "node-1"));
                Instant lastTakeover = Instant.now();

                fromA.join(Duration.ofSeconds(120));
                fromB.join(Duration.ofSeconds(120));
                stop.set(true);
                assertThat(confirmed).hasSize(MESSAGES);

                // The last leader keeps the schedule: wait for a call it placed after taking over.
                await().atMost(Duration.ofSeconds(60)).until(() -> callTimes(transcriptOfA()).stream().anyMatch(lastTakeover::isBefore)
                        && callTimes(transcriptOfA()).size() >= 3);
                Station bFinal = b;
                await().atMost(Duration.ofSeconds(60)).until(() -> quiet(bFinal));
                List<StoredEntry> atA = transcriptOfA();
                List<StoredEntry> atB = TestStations.stored(b, LINE);
                assertThat(hashes(atA)).containsExactlyInAnyOrderElementsOf(hashes(atB));
                assertThat(texts(atA, "a-")).containsExactlyInAnyOrderElementsOf(confirmed).doesNotHaveDuplicates();
                assertThat(texts(atA, "b-")).hasSize(MESSAGES).doesNotHaveDuplicates();
                assertThat(texts(atB, "a-")).containsExactlyElementsOf(texts(atA, "a-"));
                org.hotline.protocol.SigningKey aKey = TestStations.key(dir1);
                List<SignedEntry> aChain = chainOf(atA, aKey.verifyingKey().stationId().display());
                // A's chain, as written by three leaders in turn: seq, prev and signatures all hold.
                assertThat(ChainAudit.verify(transcriptLine(), aKey.verifyingKey(), aChain).seq()).isEqualTo(aChain.size());

                // Calls: every 15-second slot from the first call to the last, exactly once.
                List<Instant> calls = callTimes(atA);
                assertThat(calls).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
                for (int i = 1; i < calls.size(); i++) {
                    assertThat(Duration.between(calls.get(i - 1), calls.get(i))).as("gap before call %d", i).isEqualTo(Duration.ofSeconds(15));
                }
                System.out.printf("ha failover: %d kills, takeover in %s ms; %d messages each way and %d calls checked%n",
                        takeovers.size(), takeovers, MESSAGES, calls.size());
            } finally {
                if (b != null) {
                    b.close();
                }
                one.stop();
                two.stop();
            }
        }
    }

    /** Kills the leader, returns the milliseconds until the survivor holds the lease and takes a message. */
    private long killLeaderAndTimeTakeover(Node leader, Node survivor, String expected) throws Exception {
        assertThat(leader()).contains(leader.name);
        long started = System.nanoTime();
        leader.kill();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> leader().filter(expected::equals).isPresent()
                && survivor.healthy());
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("ha failover: %s killed, %s took over in %d ms%n", leader.name, survivor.name, millis);
        return millis;
    }

    /**
     * A's sender: through any node, retrying each message with its Idempotency-Key until a node
     * answers 201. A retry whose first try was written (its answer lost to the kill) gets the
     * first answer and writes nothing, so the final check finds every message exactly once.
     */
    private void sendFromA(List<Node> nodes, Set<String> confirmed, AtomicBoolean stop) {
        int turn = 0;
        for (int i = 0; i < MESSAGES && !stop.get(); i++) {
            String text = "a-" + i;
            while (!confirmed.contains(text) && !stop.get()) {
                Node node = nodes.get(turn++ % nodes.size());
                if (node.send(text) == 201) {
                    confirmed.add(text);
                } else {
                    sleep(200);
                }
            }
            sleep(60);
        }
    }

    private static List<Instant> callTimes(List<StoredEntry> entries) {
        return entries.stream().map(s -> s.signed().entry())
                .filter(e -> e.body() instanceof Call).map(e -> ((Call) e.body()).scheduled()).sorted().toList();
    }

    private boolean quiet(Station b) {
        long own = TestStations.summary(b, LINE).ownEntries();
        long peer = TestStations.summary(b, LINE).peerEntries();
        List<StoredEntry> atA = transcriptOfA();
        return TestStations.summary(b, LINE).queued() == 0 && atA.size() == own + peer;
    }

    private Optional<String> leader() throws Exception {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(storeUrl)) {
            return Lease.current(connection).map(Leader::node);
        }
    }

    private List<StoredEntry> transcriptOfA() {
        try (JdbcStore store = JdbcStore.open(storeUrl)) {
            LineRecord line = store.lines().getFirst();
            List<StoredEntry> all = new ArrayList<>();
            List<StoredEntry> page;
            do {
                page = store.transcript(line.id(), all.isEmpty() ? 0 : all.getLast().position(), 500);
                all.addAll(page);
            } while (page.size() == 500);
            return all;
        }
    }

    private org.hotline.protocol.LineId transcriptLine() {
        try (JdbcStore store = JdbcStore.open(storeUrl)) {
            return store.lines().getFirst().id();
        }
    }

    private static List<SignedEntry> chainOf(List<StoredEntry> entries, String authorDisplay) {
        return entries.stream().map(StoredEntry::signed)
                .filter(s -> s.entry().author().display().equals(authorDisplay))
                .sorted(java.util.Comparator.comparingLong(s -> s.entry().seq()))
                .toList();
    }

    private static List<String> hashes(List<StoredEntry> entries) {
        return entries.stream().map(s -> s.signed().hash().hex()).toList();
    }

    private static List<String> texts(List<StoredEntry> entries, String prefix) {
        return entries.stream().map(s -> s.signed().entry().body())
                .filter(body -> body instanceof Message m && m.text().startsWith(prefix))
                .map(body -> ((Message) body).text()).toList();
    }

    private static Path copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
