package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.config.Address;
import org.hotline.it.TestStations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 3: {@code hotline token} and {@code hotline user} go through a running
 * station's API (the station's rules apply, nothing opens its store behind its back), and work
 * offline on a stopped station's store, saying so.
 */
class PeopleCliTest {
    @TempDir
    Path temp;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int status(String apiUrl, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(apiUrl + "/api/v1/lines"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void tokensAndUsersThroughTheRunningStationThenOfflineOnAStoppedOne() throws Exception {
        Path dir = temp.resolve("south");
        // The API on a fixed free port written to the config, so that --data alone finds the running station.
        StationFiles.init(dir, "Blue House", new Address("127.0.0.1", 0), Optional.empty(), new Address("127.0.0.1", freePort()),
                new SecureRandom(), Clock.systemUTC());
        String data = dir.toString();
        Station station = TestStations.start(dir);
        try {
            CliRunner.Run added = CliRunner.typing("on watch all night\n", "user", "add", "watch", "--role", "operator", "--password-stdin",
                    "--data", data);
            assertThat(added.exit()).as(added.err()).isZero();
            assertThat(added.err()).doesNotContain("offline");
            // The running station knows at once: its own API added the user.
            assertThat(station.users().find("watch")).isPresent();
            CliRunner.Run moon = CliRunner.typing("a letter to the north\n", "user", "add", "moon", "--role", "principal",
                    "--password-stdin", "--data", data);
            assertThat(moon.exit()).as(moon.err()).isZero();

            CliRunner.Run token = CliRunner.typing("", "token", "create", "--name", "night desk", "--user", "watch", "--data", data);
            assertThat(token.exit()).as(token.err()).isZero();
            assertThat(token.err()).contains("operator, user watch").doesNotContain("offline");
            String secret = token.out().strip();
            assertThat(status(station.apiUrl(), secret)).isEqualTo(200);

            CliRunner.Run list = CliRunner.typing("", "token", "list", "--data", data);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).doesNotContain(secret).contains("night desk").contains("station");
            Matcher id = Pattern.compile("(?m)^([0-9a-f]{16})\\s+operator\\s+watch\\s").matcher(list.out());
            assertThat(id.find()).as(list.out()).isTrue();

            CliRunner.Run revoked = CliRunner.typing("", "token", "revoke", id.group(1), "--data", data);
            assertThat(revoked.exit()).as(revoked.err()).isZero();
            assertThat(status(station.apiUrl(), secret)).isEqualTo(401);
            CliRunner.Run again = CliRunner.typing("", "token", "revoke", id.group(1), "--data", data);
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("no token " + id.group(1));

            // A person's token may not make a token for someone else (this token is watch's).
            String watchToken = CliRunner.typing("", "token", "create", "--name", "second", "--user", "watch", "--data", data).out().strip();
            CliRunner.Run forMoon = CliRunner.typing("", "token", "create", "--name", "x", "--user", "moon", "--token", watchToken,
                    "--data", data);
            assertThat(forMoon.exit()).isEqualTo(1);
            assertThat(forMoon.err()).contains("watch's; it may make tokens only for watch");

            CliRunner.Run role = CliRunner.typing("", "user", "role", "watch", "auditor", "--data", data);
            assertThat(role.exit()).as(role.err()).isZero();
            CliRunner.Run demoted = CliRunner.typing("", "send", "liaison", "x", "--token", watchToken, "--data", data);
            assertThat(demoted.err()).contains("auditor may only read");

            CliRunner.Run removed = CliRunner.typing("", "user", "remove", "watch", "--data", data);
            assertThat(removed.exit()).as(removed.err()).isZero();
            assertThat(status(station.apiUrl(), watchToken)).isEqualTo(401);
            assertThat(CliRunner.typing("", "user", "list", "--data", data).out()).contains("moon").doesNotContain("watch");
        } finally {
            station.close();
        }

        // Stopped: the same commands work on the store, and say so.
        CliRunner.Run offline = CliRunner.typing("", "user", "list", "--data", data);
        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(offline.err()).contains("The station is not running").contains("working offline on its store in");
        assertThat(offline.out()).contains("moon");
        CliRunner.Run offlineRole = CliRunner.typing("", "user", "role", "moon", "operator", "--data", data);
        assertThat(offlineRole.exit()).as(offlineRole.err()).isZero();
        assertThat(offlineRole.err()).contains("working offline");
        // Named with --api, a station that does not answer is an error, not a reason to open some store.
        CliRunner.Run named = CliRunner.typing("", "user", "list", "--data", data, "--api", "http://127.0.0.1:" + freePort());
        assertThat(named.exit()).isEqualTo(1);
        assertThat(named.err()).contains("the station is not running");

        Station restarted = TestStations.start(dir);
        try {
            assertThat(restarted.users().find("moon").orElseThrow().role()).isEqualTo(org.hotline.store.Role.OPERATOR);
        } finally {
            restarted.close();
        }
    }

    @Test
    void exportGoesThroughTheApiWhenTheStationRuns() throws Exception {
        Path south = TestStations.init(temp.resolve("s"), "Blue House");
        Path north = TestStations.init(temp.resolve("n"), "State Affairs Commission");
        try (Station a = TestStations.start(south); Station b = TestStations.start(north)) {
            TestStations.pair(a, b, "liaison");
            Path bundle = temp.resolve("liaison.json");
            CliRunner.Run export = CliRunner.at(a, "", "export", "liaison", "--to", bundle.toString());
            assertThat(export.exit()).as(export.err()).isZero();
            assertThat(export.err()).doesNotContain("offline");
            assertThat(Files.readAllBytes(bundle)).isEqualTo(a.lines().export("liaison").encode());
            // An auditor's token exports too: it is a read.
            String auditor = StationFiles.createToken(a.store(), "audit", org.hotline.store.Role.AUDITOR, new SecureRandom(),
                    Clock.systemUTC());
            Path second = temp.resolve("second.json");
            assertThat(CliRunner.at(a, "", "export", "liaison", "--to", second.toString(), "--token", auditor).exit()).isZero();
        }
    }
}
