package org.hotline.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.StationFiles;
import org.hotline.config.Address;
import org.hotline.config.FreePort;
import org.hotline.protocol.ChainAudit;
import org.hotline.protocol.Message;
import org.hotline.protocol.SignedEntry;
import org.hotline.store.JdbcStore;
import org.hotline.store.LineRecord;
import org.hotline.crypto.StationKeyFile;
import org.hotline.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stations as separate OS processes ({@code hotline serve}). While entries flow both ways
 * through their APIs, one of them is killed with SIGKILL at a random moment and started again,
 * the two taking turns. Afterwards every entry whose write was confirmed is in both transcripts
 * exactly once and in order, every chain verifies, and the checkpoint digests are equal.
 * {@code -Dhotline.crash.kills=50 -Dhotline.crash.entries=5000} is the long run; the default is
 * the short one that every test run includes.
 */
class CrashTest {
    private static final int KILLS = Integer.getInteger("hotline.crash.kills", 10);
    private static final int ENTRIES = Integer.getInteger("hotline.crash.entries", 5000);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One station process: its folder, ports, token and the process while it runs. */
    private final class Node {
        final String name;
        final Path dir;
        final Address api;
        final String token;
        volatile Process process;

        Node(String name) throws IOException {
            this.name = name;
            this.dir = temp.resolve(name);
            Address federation = FreePort.resolve(new Address("127.0.0.1", 0));
            this.api = FreePort.resolve(new Address("127.0.0.1", 0));
            StationFiles.init(dir, name, federation, Optional.empty(), api, new SecureRandom(), Clock.systemUTC());
            this.token = StationFiles.readCliToken(dir);
        }

        void start() throws IOException {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.hotline.cli.Main", "serve", "--data", dir.toString());
            builder.environment().put("HOTLINE_DELIVERY_HEARTBEAT_SECONDS", "1");
            builder.environment().put("HOTLINE_LOG_LEVEL", "WARN");
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile());
            process = builder.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/v1/health").isPresent());
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
        }

        Optional<JsonNode> get(String path) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + api + path))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? Optional.of(Json.MAPPER.readTree(response.body())) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        /** 201: durable. Empty: refused or unknown (the station may have died mid-request). */
        int send(String text) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + api + "/api/v1/lines/liaison/messages"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(Map.of("text", text)))).build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    @Test
    void entriesSurviveStationsKilledAtRandomMoments() throws Exception {
        Node south = new Node("south");
        Node north = new Node("north");
        south.start();
        north.start();
        try {
            String invitation = post(south, "/api/v1/invitations", Map.of("line", "liaison")).path("invitation").asText();
            post(north, "/api/v1/invitations/accept", Map.of("invitation", invitation));

            Map<String, Set<String>> confirmed = Map.of("south", ConcurrentHashMap.newKeySet(), "north", ConcurrentHashMap.newKeySet());
            AtomicInteger attempts = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> writers = new ArrayList<>();
            for (Node node : List.of(south, north)) {
                writers.add(Thread.ofPlatform().start(() -> {
                    int i = 0;
                    while (running.get() && attempts.get() < ENTRIES) {
                        // A fresh text for every attempt: a write whose answer was lost to the kill may
                        // or may not be stored, and sending it again would be a second, different entry.
                        String text = node.name + " " + i++;
                        int status = node.send(text);
                        if (status == 201) {
                            confirmed.get(node.name).add(text);
                            attempts.incrementAndGet();
                        } else {
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }));
            }
            Random random = new Random(1962);
            int kills = 0;
            while (kills < KILLS) {
                Thread.sleep(200 + random.nextInt(800));
                Node victim = kills % 2 == 0 ? north : south;
                victim.kill();
                Thread.sleep(random.nextInt(500));
                victim.start();
                kills++;
            }
            await().atMost(Duration.ofMinutes(5)).until(() -> attempts.get() >= ENTRIES);
            running.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> quiet(south) && quiet(north));
            // One more entry each way closes a checkpoint over everything; both sides must show the same digest.
            assertThat(south.send("south final")).isEqualTo(201);
            assertThat(north.send("north final")).isEqualTo(201);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> quiet(south) && quiet(north)
                    && digest(south).equals(digest(north)) && !digest(south).isEmpty());
            south.process.destroy();
            north.process.destroy();
            south.process.waitFor();
            north.process.waitFor();

            Map<String, List<String>> southChains = chains(south.dir);
            Map<String, List<String>> northChains = chains(north.dir);
            assertThat(southChains).isEqualTo(northChains);
            for (String author : List.of("south", "north")) {
                List<String> texts = southChains.get(author);
                assertThat(texts).doesNotHaveDuplicates();
                assertThat(texts).containsAll(confirmed.get(author));
                // In order: each author's own counter only grows along its chain.
                List<Integer> numbers = texts.stream().filter(text -> !text.endsWith("final"))
                        .map(text -> Integer.parseInt(text.substring(text.indexOf(' ') + 1))).toList();
                assertThat(numbers).isSorted();
            }
            System.out.printf("crash test: %d kills survived, %d entries checked (%d confirmed writes)%n", kills,
                    southChains.values().stream().mapToInt(List::size).sum(),
                    confirmed.values().stream().mapToInt(Set::size).sum());
        } finally {
            if (south.process != null) {
                south.process.destroyForcibly();
            }
            if (north.process != null) {
                north.process.destroyForcibly();
            }
        }
    }

    private String digest(Node node) {
        return node.get("/api/v1/lines/liaison").map(line -> line.path("checkpointDigest").asText("")).orElse("");
    }

    private boolean quiet(Node node) {
        return node.get("/api/v1/lines/liaison").map(line -> line.path("queued").asLong() == 0
                && line.has("checkpointDigest")).orElse(false);
    }

    private JsonNode post(Node node, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + node.api + path))
                .header("Authorization", "Bearer " + node.token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return Json.MAPPER.readTree(response.body());
    }

    /** Each author's message texts in chain order, after checking the chain with ChainAudit. */
    private static Map<String, List<String>> chains(Path dir) throws Exception {
        Map<String, List<String>> texts = new HashMap<>();
        try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("hotline.db"))) {
            LineRecord line = store.lines().getFirst();
            var own = StationKeyFile.read(StationFiles.keyFile(dir)).verifyingKey();
            for (var author : List.of(own, line.peerKey())) {
                List<SignedEntry> chain = store.wholeChain(line.id(), author.stationId());
                ChainAudit.verify(line.id(), author, chain);
                List<String> messages = chain.stream().map(SignedEntry::entry).filter(entry -> entry.body() instanceof Message)
                        .map(entry -> ((Message) entry.body()).text()).toList();
                String name = messages.isEmpty() ? "?" : messages.getFirst().substring(0, messages.getFirst().indexOf(' '));
                texts.put(name, messages);
            }
        }
        Set<String> names = new HashSet<>(texts.keySet());
        assertThat(names).containsExactlyInAnyOrder("south", "north");
        return texts;
    }
}
