package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotline.Station;
import org.hotline.it.TestStations;
import org.hotline.store.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 10: 60 bogus logins at once (each an Argon2id of 64 MiB) must not hold a real
 * login up for seconds. The station runs every Argon2 call in one bounded pool: what does not fit
 * is refused at once with 429, and a real login, retried as a client would on 429, gets through.
 */
class LoginFloodTest {
    private static final int BOGUS = 60;

    @Test
    void sixtyBogusLoginsAreRefusedFastAndARealOneStillGetsThrough(@TempDir Path temp) throws Exception {
        try (Station station = TestStations.start(TestStations.init(temp.resolve("south"), "Blue House"))) {
            station.users().add("moon", Role.PRINCIPAL, "a letter to the north".toCharArray());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI login = URI.create(station.apiUrl() + "/api/v1/login");
            // Logins alone first (the first warms up): what one costs on this machine now (it is shared, and its load varies).
            long aloneMillis = Long.MAX_VALUE;
            for (int i = 0; i < 2; i++) {
                long aloneStarted = System.nanoTime();
                assertThat(http.send(post(login, "{\"user\": \"moon\", \"password\": \"a letter to the north\"}"),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
                aloneMillis = Math.max(1, Math.min(aloneMillis, (System.nanoTime() - aloneStarted) / 1_000_000));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> bogus = new ArrayList<>();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < BOGUS; i++) {
                    // A different unknown name each: no lockout helps, each one costs a full Argon2 (the decoy).
                    String body = "{\"user\": \"nobody-" + i + "\", \"password\": \"a wrong guess " + i + "\"}";
                    bogus.add(threads.submit(() -> {
                        go.await();
                        long started = System.nanoTime();
                        int status = http.send(post(login, body), HttpResponse.BodyHandlers.discarding()).statusCode();
                        return new long[] {status, System.nanoTime() - started};
                    }));
                }
                go.countDown();
                // The real one, right into the flood; on 429 it tries again, as the console and CLI user would.
                long started = System.nanoTime();
                int attempts = 0;
                int status;
                do {
                    attempts++;
                    status = http.send(post(login, "{\"user\": \"moon\", \"password\": \"a letter to the north\"}"),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } while (status == 429 && attempts < 100);
                long realMillis = (System.nanoTime() - started) / 1_000_000;

                int wrong = 0;
                long slowestAnswer = 0;
                List<Long> refusals = new ArrayList<>();
                for (Future<long[]> result : bogus) {
                    long[] outcome = result.get();
                    if (outcome[0] == 429) {
                        refusals.add(outcome[1] / 1_000_000);
                    } else {
                        assertThat(outcome[0]).as("a bogus login is refused as a wrong password or as too many").isEqualTo(401);
                        wrong++;
                        slowestAnswer = Math.max(slowestAnswer, outcome[1]);
                    }
                }
                java.util.Collections.sort(refusals);
                long medianRefusal = refusals.isEmpty() ? Long.MAX_VALUE : refusals.get(refusals.size() / 2);
                // Queueing every bogus login, two at a time, before the real one (as before the pool had a bounded queue).
                long queuedBehindAll = BOGUS / 2 * aloneMillis;
                System.out.printf("Login flood: one login alone %d ms; %d bogus logins, %d refused at once with 429 (median %d ms,"
                        + " slowest %d ms), %d checked and wrong (slowest %d ms); the real login took %d ms in %d attempt(s),"
                        + " against about %d ms queued behind all of them%n", aloneMillis, BOGUS, refusals.size(), medianRefusal,
                        refusals.isEmpty() ? 0 : refusals.getLast(), wrong, slowestAnswer / 1_000_000, realMillis, attempts, queuedBehindAll);
                assertThat(status).as("the real login").isEqualTo(201);
                assertThat(refusals.size()).as("the pool refuses what does not fit").isGreaterThanOrEqualTo(BOGUS / 2);
                // A refusal waits for no hash, an admitted bogus login for several: compared on the same (loaded) machine, same moment.
                assertThat(medianRefusal).as("a refusal is faster than an admitted check").isLessThan(Math.max(500, slowestAnswer / 1_000_000));
                // Relative to this machine's speed now, with room: at most a third of the wait behind the whole flood.
                assertThat(realMillis).as("the real login is not held up behind the flood").isLessThan(queuedBehindAll / 3);
            }
        }
    }

    private static HttpRequest post(URI uri, String json) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
