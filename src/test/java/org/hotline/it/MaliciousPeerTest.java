package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.crypto.TlsContexts;
import org.hotline.protocol.Message;
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
        a = TestStations.start(aDir);
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
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(URI.create(a.apiUrl() + "/api/v1/metrics"))
                    .header("Authorization", "Bearer " + StationFiles.readCliToken(aDir)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = Pattern.compile("(?m)^hotline_alerts_total\\{[^}]*kind=\"" + Pattern.quote(kind) + "\"[^}]*\\} ([0-9.E]+)$")
                    .matcher(scraped.body());
            return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
        }
    }

    // --- the impostor ---------------------------------------------------------------------------

    /** Stops the real B and listens on its port with B's key, answering every request as told. */
    private void impersonateB(Behaviour behaviour) throws Exception {
        b.close();
        b = null;
        impostor = HttpsServer.create(new InetSocketAddress("127.0.0.1", bPort), 16);
        SSLContext tls = TlsContexts.server(TestStations.certificate(bDir), a.identity().id()::equals);
        impostor.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                parameters.setProtocols(new String[] {TlsContexts.PROTOCOL});
                params.setSSLParameters(parameters);
            }
        });
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
