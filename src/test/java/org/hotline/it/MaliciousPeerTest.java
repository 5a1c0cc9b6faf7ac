package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.config.Address;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.line.InvitationCode;
import org.hotline.delivery.Wire;
import org.hotline.protocol.EntryAuthor;
import org.hotline.protocol.Head;
import org.hotline.protocol.Message;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SigningKey;
import org.hotline.store.StoredEntry;
import org.hotline.protocol.Priority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real station A against a peer that holds B's real key and misbehaves: it answers with an
 * endless body, drips its answer a byte at a time, or answers with megabytes. A must keep its
 * heap, show the operator one clear refusal and raise one alert (not one per attempt), and its
 * other line (to D) must keep carrying messages. Once the real B is back, the line drains.
 */
@Timeout(value = 120)
class MaliciousPeerTest {
    private static final String LINE = "liaison";
    private static final String OTHER = "other";
    /** How much A's live heap may grow while it is attacked: a few buffers, not the attack's volume. */
    private static final long HEAP_BOUND = 48L * 1024 * 1024;
    /** A's window for coalescing alerts (the default is 60 s). */
    static final long COALESCE_SECONDS = 10;
    /** A's quota per line: small enough to flood past in seconds. */
    private static final long QUOTA_BYTES = 2L * 1024 * 1024;
    private static final Map<String, String> A_LIMITS = Map.of(
            "HOTLINE_LIMITS_MAX_BODY_BYTES", "131072",
            "HOTLINE_LIMITS_LINE_BYTES_PER_WINDOW", String.valueOf(QUOTA_BYTES),
            "HOTLINE_LIMITS_LINE_ENTRIES_PER_WINDOW", "4000",
            "HOTLINE_ALERTS_COALESCE_SECONDS", String.valueOf(MaliciousPeerTest.COALESCE_SECONDS));

    @TempDir
    Path temp;

    private Station a;
    private Station b;
    private Station d;
    private Path aDir;
    private Path bDir;
    private int bPort;
    private HttpsServer impostor;
    private final AtomicLong impostorBytes = new AtomicLong();
    private final AtomicLong impostorRequests = new AtomicLong();

    /** How the impostor answers every request. */
    interface Behaviour {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    @BeforeEach
    void pairThreeStations() throws Exception {
        aDir = TestStations.init(temp.resolve("a"), "Blue House");
        bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        Path dDir = TestStations.init(temp.resolve("d"), "Another party");
        a = TestStations.start(aDir, A_LIMITS);
        b = TestStations.start(bDir);
        d = TestStations.start(dDir);
        TestStations.pair(a, b, LINE);
        TestStations.pair(a, d, OTHER);
        b.lines().send(LINE, message("b one"));
        a.lines().send(LINE, message("a one"));
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
        bPort = b.federationPort();
    }

    @AfterEach
    void stop() {
        if (impostor != null) {
            impostor.stop(0);
        }
        for (Station station : new Station[] {b, d, a}) {
            if (station != null) {
                station.close();
            }
        }
    }

    @Test
    void anEndlessAnswerIsCutOffAndTheHeapStaysBounded() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        long heapBefore = liveHeap();
        HeapWatch watch = HeapWatch.start();
        impersonateB(exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, no length: it never ends
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                    impostorBytes.addAndGet(chunk.length);
                }
            }
        });
        a.lines().send(LINE, message("to the impostor"));

        await().atMost(Duration.ofSeconds(30)).until(() -> linkError().contains("ANSWER_TOO_LARGE"));
        // A asks again with backoff, and gets the same again; it must not add up.
        long requests = impostorRequests.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> impostorRequests.get() >= requests + 3);
        long heapGrowth = liveHeap() - heapBefore;
        watch.stop();
        System.out.printf("endless answer: the impostor sent %d MiB in %d requests; A's live heap grew %d MiB, peak heap used %d MiB%n",
                impostorBytes.get() >> 20, impostorRequests.get(), heapGrowth >> 20, watch.peak() >> 20);
        assertThat(heapGrowth).as("A's live heap growth").isLessThan(HEAP_BOUND);

        assertOneAlertTheOtherLineWorksAndTheRealPeerDrains("peer-misbehaving");
    }

    @Test
    void aDrippedAnswerIsAbandonedAtItsDeadline() throws Exception {
        impersonateB(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(' ');
                    out.flush();
                    impostorBytes.incrementAndGet();
                    Thread.sleep(200);
                }
            }
        });
        a.lines().send(LINE, message("to the impostor"));

        await().atMost(Duration.ofSeconds(30)).until(() -> linkError().contains("ANSWER_TOO_SLOW"));
        long requests = impostorRequests.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> impostorRequests.get() >= requests + 3);
        assertOneAlertTheOtherLineWorksAndTheRealPeerDrains("peer-misbehaving");
    }

    @Test
    void anOversizedAnswerIsRefusedBeforeItIsRead() throws Exception {
        byte[] body = ("{\"receipt\":{\"bytes\":\"" + "A".repeat(5 * 1024 * 1024) + "\",\"sig\":\"\"},\"fresh\":1,\"duplicates\":0}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        impersonateB(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
                impostorBytes.addAndGet(body.length);
            }
        });
        a.lines().send(LINE, message("to the impostor"));

        await().atMost(Duration.ofSeconds(30)).until(() -> linkError().contains("ANSWER_TOO_LARGE"));
        long requests = impostorRequests.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> impostorRequests.get() >= requests + 3);
        assertOneAlertTheOtherLineWorksAndTheRealPeerDrains("peer-misbehaving");
    }

    @Test
    void aFloodOfMaximumSizeEntriesStopsAtTheQuotaWithOneAlert() throws Exception {
        // B's key, without B: the entries the flood stores at A are ones B never wrote.
        b.close();
        b = null;
        SigningKey bKey = TestStations.key(bDir);
        org.hotline.protocol.LineId line = TestStations.line(a, LINE).id();
        String big = "x".repeat(Message.MAX_TEXT_BYTES);
        long storedBytesBefore = peerBytes();
        List<String> outcomes = new ArrayList<>();
        String retryAfter = null;
        try (HttpClient asB = TestStations.rawClient(bDir, a.identity().id())) {
            for (int i = 0; i < 80; i++) {
                Head bHead = TestStations.chain(a, LINE, TestStations.line(a, LINE).peerId()).getLast().signed().head();
                SignedEntry next = EntryAuthor.next(line, bKey, bHead, ownHead(), Instant.now(), new Message(big, Priority.ROUTINE, "en"));
                HttpResponse<byte[]> answer = asB.send(HttpRequest.newBuilder(TestStations.federationUri(a, "lines/" + line.value() + "/entries"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.JSON.writeValueAsBytes(Wire.Batch.of(List.of(next)))))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                String error = answer.statusCode() == 200 ? "" : Wire.JSON.readValue(answer.body(), Wire.Refusal.class).error();
                outcomes.add(answer.statusCode() + error);
                if (answer.statusCode() == 429) {
                    retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
                }
            }
        }
        long accepted = outcomes.stream().filter("200"::equals).count();
        long stored = peerBytes() - storedBytesBefore;
        System.out.printf("maximum-size flood: %d of %d batches stored (%d KiB), then %s; Retry-After %s s%n", accepted, outcomes.size(),
                stored >> 10, outcomes.getLast(), retryAfter);
        assertThat(outcomes.subList(0, (int) accepted)).as("accepted until the quota is spent, then refused").containsOnly("200");
        assertThat(outcomes.subList((int) accepted, outcomes.size())).isNotEmpty().containsOnly("429QUOTA_EXCEEDED");
        assertThat(stored).as("bytes stored for B").isLessThanOrEqualTo(QUOTA_BYTES);
        assertThat(retryAfter).as("the refusal says when to try again").isNotNull();
        assertThat(Long.parseLong(retryAfter)).isPositive();
        assertThat(alertsRaised("quota-exceeded")).as("one alert for the whole episode").isEqualTo(1);
        TestStations.assertLineStillWorks(a, d, OTHER);
    }

    @Test
    void theSendersOutboxBacksOffForTheQuotaAndShowsIt() throws Exception {
        String big = "x".repeat(Message.MAX_TEXT_BYTES);
        for (int i = 0; i < 60; i++) {
            b.lines().send(LINE, new Message(big, Priority.ROUTINE, "en"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> TestStations.summary(b, LINE).linkError().orElse("").contains("QUOTA_EXCEEDED"));
        System.out.println("B shows: " + TestStations.summary(b, LINE).linkError().orElseThrow());
        long refusals = metric("hotline_quota_refusals_total\\{line=\"" + LINE + "\"\\}");
        // B waits for the Retry-After A gave (minutes at this quota) instead of trying again and again.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> metric("hotline_quota_refusals_total\\{line=\"" + LINE + "\"\\}") <= refusals);
        assertThat(TestStations.summary(b, LINE).queued()).as("nothing lost: the rest waits at B").isPositive();
        assertThat(alertsRaised("quota-exceeded")).isEqualTo(1);
        TestStations.assertLineStillWorks(a, d, OTHER);
    }

    @Test
    void aFlashFloodRaisesAHandfulOfAlertsNotThousands() throws Exception {
        long before = TestStations.summary(a, LINE).peerEntries();
        long started = System.nanoTime();
        for (int i = 0; i < 3000; i++) {
            b.lines().send(LINE, new Message("flash " + i, Priority.FLASH, "en"));
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> TestStations.summary(a, LINE).peerEntries() == before + 3000);
        long floodSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        // The count settles once a whole coalescing window passes without a new alert.
        long[] seen = {-1, System.nanoTime()};
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            long now = alertsRaised("flash-message");
            if (now != seen[0]) {
                seen[0] = now;
                seen[1] = System.nanoTime();
            }
            return System.nanoTime() - seen[1] > Duration.ofSeconds(COALESCE_SECONDS + 1).toNanos();
        });
        System.out.printf("flash flood: 3,000 flash messages over %d s raised %d alerts (window %d s)%n", floodSeconds, seen[0],
                COALESCE_SECONDS);
        // The first at once, then at most one per window while the flood lasts.
        assertThat(seen[0]).isBetween(2L, 2 + floodSeconds / COALESCE_SECONDS + 1);
        TestStations.assertLineStillWorks(a, d, OTHER);
    }

    @Test
    void anInvitingStationWhoseHelloGivesAnEndlessNameIsRefused() throws Exception {
        String name = "Kaesong ".repeat(5000);
        impersonateB(exchange -> {
            byte[] hello = Wire.JSON.writeValueAsBytes(new Wire.Hello(TestStations.key(bDir).verifyingKey().stationId().value(), name));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, hello.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(hello);
            }
        });
        InvitationCode code = new InvitationCode(TestStations.key(bDir).verifyingKey().stationId(), "State Affairs Commission",
                new Address("127.0.0.1", bPort), org.hotline.protocol.LineId.random(new java.security.SecureRandom()), "spare",
                "a-secret-of-sorts", Instant.now().plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> a.lines().preview(code.encode())).isInstanceOf(HotlineException.class)
                .satisfies(e -> assertThat(((HotlineException) e).code()).isEqualTo(ErrorCode.PEER_REFUSED))
                .hasMessageContaining("1-" + org.hotline.text.Names.MAX_LENGTH + " characters");
        assertThatThrownBy(() -> a.lines().accept(code.encode(), java.util.Optional.empty())).isInstanceOf(HotlineException.class)
                .satisfies(e -> assertThat(((HotlineException) e).code()).isEqualTo(ErrorCode.PEER_REFUSED));
        assertThat(a.store().lines()).extracting(org.hotline.store.LineRecord::name).doesNotContain("spare");
    }

    // --- checks ---------------------------------------------------------------------------------

    private void assertOneAlertTheOtherLineWorksAndTheRealPeerDrains(String kind) throws Exception {
        assertThat(alertsRaised(kind)).as("alerts of kind %s after repeated attempts", kind).isEqualTo(1);
        assertThat(TestStations.summary(a, LINE).queued()).as("A's message waits").isEqualTo(1);
        TestStations.assertLineStillWorks(a, d, OTHER);

        impostor.stop(0);
        impostor = null;
        b = TestStations.restart(bDir, bPort);
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(60));
        TestStations.assertLineStillWorks(a, b, LINE);
        assertThat(TestStations.summary(a, LINE).linkError()).as("the refusal clears once a batch is delivered").isEmpty();
    }

    private String linkError() {
        return TestStations.summary(a, LINE).linkError().orElse("");
    }

    /** Alerts of one kind A has raised, from its metrics. */
    private long alertsRaised(String kind) throws Exception {
        return metric("hotline_alerts_total\\{kind=\"" + Pattern.quote(kind) + "\"\\}");
    }

    /** One sample of A's metrics, by a pattern of its name and labels; 0 when absent. */
    private long metric(String sample) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(URI.create(a.apiUrl() + "/api/v1/metrics"))
                    .header("Authorization", "Bearer " + StationFiles.readCliToken(aDir)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = Pattern.compile("(?m)^" + sample + " ([0-9.E]+)$").matcher(scraped.body());
            return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
        }
    }

    /** Bytes of B's entries A holds on the line. */
    private long peerBytes() {
        return TestStations.chain(a, LINE, TestStations.line(a, LINE).peerId()).stream().mapToLong(e -> e.signed().bytes().length).sum();
    }

    private Head ownHead() {
        List<StoredEntry> chain = TestStations.chain(a, LINE, a.identity().id());
        return chain.isEmpty() ? Head.EMPTY : chain.getLast().signed().head();
    }

    // --- the impostor ---------------------------------------------------------------------------

    /** Stops the real B and listens on its port with B's key, answering every request as told. */
    private void impersonateB(Behaviour behaviour) throws Exception {
        b.close();
        b = null;
        impostor = TestStations.impostorServer(bDir, a.identity().id()::equals, bPort, 16);
        impostor.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        impostor.createContext("/federation/v1/", exchange -> {
            impostorRequests.incrementAndGet();
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                behaviour.answer(exchange);
            } catch (IOException e) {
                // A hung up on us: what a station should do with such an answer.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        impostor.start();
    }

    // --- heap -----------------------------------------------------------------------------------

    /** Heap in use after a full collection: what is really kept. */
    private static long liveHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Samples heap use every 50 ms, for the peak figure. */
    private static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        static HeapWatch start() {
            HeapWatch watch = new HeapWatch();
            watch.thread = Thread.ofPlatform().daemon().start(() -> {
                MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                while (watch.running) {
                    watch.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return watch;
        }

        long peak() {
            return peak.get();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    private static Message message(String text) {
        return new Message(text, Priority.ROUTINE, "en");
    }
}
