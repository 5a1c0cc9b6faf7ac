package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hotline.cli.CliRunner.typing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.crypto.Passwords;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.it.TestStations;
import org.hotline.protocol.PrincipalKey;
import org.hotline.protocol.SigningKey;
import org.hotline.store.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A principal's keys end to end, between two real stations over TLS: made and locked by the CLI,
 * announced in the transcript, seen by the other side with the same fingerprint, rotated with the
 * old key's signature; forged rotations refused and nothing announced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrincipalKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSPHRASE = "the passphrase of the south";
    private static final Pattern FINGERPRINT = Pattern.compile("fingerprint ((?:[0-9a-f]{4} ){7}[0-9a-f]{4})");

    private Path southDir;
    private Path northDir;
    private Station south;
    private Station north;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        southDir = TestStations.init(temp.resolve("south"), "Blue House");
        northDir = TestStations.init(temp.resolve("north"), "State Affairs Commission");
        south = TestStations.start(southDir);
        north = TestStations.start(northDir);
        TestStations.pair(south, north, "liaison");
        assertThat(typing("the login password\n", "user", "add", "moon", "--role", "principal", "--password-stdin", "--data",
                southDir.toString()).exit()).isZero();
        assertThat(typing("the login password\n", "user", "add", "chung", "--role", "principal", "--password-stdin", "--data",
                southDir.toString()).exit()).isZero();
        assertThat(typing("on watch all night\n", "user", "add", "watch", "--role", "operator", "--password-stdin", "--data",
                southDir.toString()).exit()).isZero();
    }

    @AfterAll
    void stop() {
        if (north != null) {
            north.close();
        }
        if (south != null) {
            south.close();
        }
    }

    private CliRunner.Run south(String stdin, String... args) {
        return CliRunner.at(south, stdin, args);
    }

    private CliRunner.Run north(String... args) {
        return CliRunner.at(north, "", args);
    }

    private static String fingerprint(String text) {
        Matcher matcher = FINGERPRINT.matcher(text);
        assertThat(matcher.find()).as("a fingerprint in %s", text).isTrue();
        return matcher.group(1);
    }

    @Test
    void keysAreAnnouncedSeenByTheOtherSideAndRotatedWithTheOldKeysSignature() throws Exception {
        CliRunner.Run init = south(PASSPHRASE + "\n", "principal", "init", "moon", "--passphrase-stdin");
        assertThat(init.exit()).as("%s", init).isZero();
        assertThat(init.out()).contains("moon: keys generation 1").contains("Announced on: liaison");
        String first = fingerprint(init.out());
        assertThat(south("", "principal", "show").out()).contains("moon  generation 1  fingerprint " + first);

        // The other side reads the same fingerprint from its copy of the transcript.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(north("principal", "show", "--line", "liaison").out()).contains("moon  generation 1  fingerprint " + first));
        assertThat(TestStations.transcript(north, "liaison")).anySatisfy(entry ->
                assertThat(entry.text().orElse(entry.toString())).contains("announced the keys of principal moon, fingerprint " + first));

        // Only by rotation after that, and only with the current passphrase.
        CliRunner.Run again = south(PASSPHRASE + "\n", "principal", "init", "moon", "--passphrase-stdin");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("has keys already").contains("hotline principal rotate moon");
        CliRunner.Run wrong = south("not the passphrase\nthe next passphrase\n", "principal", "rotate", "moon", "--passphrase-stdin");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("wrong passphrase").contains("nothing was changed");

        CliRunner.Run rotate = south(PASSPHRASE + "\nthe next passphrase\n", "principal", "rotate", "moon", "--passphrase-stdin");
        assertThat(rotate.exit()).as("%s", rotate).isZero();
        assertThat(rotate.out()).contains("Old fingerprint: " + first).contains("moon: keys generation 2");
        String second = fingerprint(rotate.out().substring(rotate.out().indexOf("generation 2")));
        assertThat(second).isNotEqualTo(first);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String shown = north("principal", "show", "--line", "liaison").out();
            assertThat(shown).contains("moon  generation 2  fingerprint " + second).contains("earlier keys rotated out at").doesNotContain("REFUSED");
        });
        // The old passphrase no longer opens anything: the stored key is the new one, under the new passphrase.
        assertThat(south("the next passphrase\nyet another passphrase\n", "principal", "rotate", "moon", "--passphrase-stdin").exit()).isZero();
    }

    @Test
    void forgedRotationsAreRefusedAndNothingIsAnnounced() throws Exception {
        SecureRandom random = new SecureRandom();
        PrincipalSecrets real = PrincipalSecrets.generate(random);
        Map<String, Object> first = Map.of("signing", real.signingPublic().base64(), "sealing", real.sealingPublic().base64(),
                "locked", Base64.getEncoder().encodeToString(real.lock("chung", "chung's passphrase".toCharArray(),
                        new Passwords.Cost(1024, 1, 1), random)));
        // A token acts only for its own user: chung's keys go in with a token made for chung.
        String principal = typing("", "token", "create", "--name", "chung's desk", "--user", "chung", "--data", southDir.toString()).out()
                .strip();
        HttpResponse<String> asStation = post(StationFiles.readCliToken(southDir), "/api/v1/principals/chung/keys", first);
        assertThat(asStation.statusCode()).isEqualTo(403);
        assertThat(asStation.body()).contains("station's; it may not act for chung");
        assertThat(post(principal, "/api/v1/principals/chung/keys", first).statusCode()).isEqualTo(201);
        int before = TestStations.transcript(south, "liaison").size();

        PrincipalSecrets next = PrincipalSecrets.generate(random);
        SigningKey stranger = SigningKey.generate(random);
        // Signed by a key that is not chung's.
        PrincipalKey byStranger = PrincipalKey.rotate("chung", stranger, next.signingPublic(), next.sealingPublic());
        HttpResponse<String> refused = post(principal, "/api/v1/principals/chung/keys", rotation(next, byStranger));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("not chung's current one");
        // Naming chung's key as the previous one, but signed by another.
        PrincipalKey genuine = PrincipalKey.rotate("chung", real.signing(), next.signingPublic(), next.sealingPublic());
        Map<String, Object> forged = new java.util.HashMap<>(rotation(next, genuine));
        forged.put("rotation", byStranger.rotation().orElseThrow().signature().base64());
        HttpResponse<String> badSignature = post(principal, "/api/v1/principals/chung/keys", forged);
        assertThat(badSignature.statusCode()).isEqualTo(400);
        assertThat(badSignature.body()).contains("not signed by the key it replaces");
        // Who may: an operator may not; a token made for moon may not act for chung.
        String operator = StationFiles.createToken(south.store(), "watch", Role.OPERATOR, random, Clock.systemUTC());
        assertThat(post(operator, "/api/v1/principals/chung/keys", rotation(next, genuine)).statusCode()).isEqualTo(403);
        assertThat(get(operator, "/api/v1/principals/chung/locked-key").statusCode()).isEqualTo(403);
        String moons = typing("", "token", "create", "--name", "moon's laptop", "--user", "moon", "--data", southDir.toString()).out().strip();
        HttpResponse<String> notHis = get(moons, "/api/v1/principals/chung/locked-key");
        assertThat(notHis.statusCode()).isEqualTo(403);
        assertThat(notHis.body()).contains("moon's; it may not act for chung");
        // An operator user cannot be given principal keys at all: no principal token of watch's can be made.
        assertThat(post(principal, "/api/v1/principals/watch/keys", rotation(next, genuine)).statusCode()).isEqualTo(403);
        assertThat(typing("", "token", "create", "--name", "x", "--user", "watch", "--role", "principal", "--data", southDir.toString())
                .err()).contains("may not create a principal token for watch");
        assertThat(TestStations.transcript(south, "liaison")).hasSize(before);

        // The genuine rotation is taken.
        assertThat(post(principal, "/api/v1/principals/chung/keys", rotation(next, genuine)).statusCode()).isEqualTo(201);
        assertThat(TestStations.transcript(south, "liaison")).hasSize(before + 1);
    }

    @Test
    void aLineOpenedLaterHearsOfTheKeysAtOnce() throws Exception {
        PrincipalSecrets keys = PrincipalSecrets.generate(new SecureRandom());
        south.users().add("ban", Role.PRINCIPAL, "ban's login password".toCharArray());
        String bans = south.users().mint(new org.hotline.store.ApiToken(org.hotline.crypto.Tokens.hashOf("x"), "admin", Role.PRINCIPAL,
                java.time.Instant.now(), org.hotline.store.User.STATION, java.util.Optional.empty()), "ban's desk", "ban",
                java.util.Optional.empty(), java.util.Optional.empty()).token();
        assertThat(post(bans, "/api/v1/principals/ban/keys", Map.of("signing", keys.signingPublic().base64(),
                "sealing", keys.sealingPublic().base64(), "locked", Base64.getEncoder().encodeToString(keys.lock("ban", "ban's passphrase".toCharArray(),
                        new Passwords.Cost(1024, 1, 1), new SecureRandom())))).statusCode())
                .isEqualTo(201);
        TestStations.pair(north, south, "military");
        String fingerprint = PrincipalKey.fingerprint(keys.signingPublic(), keys.sealingPublic());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(north("principal", "show", "--line", "military").out()).contains("ban  generation 1  fingerprint " + fingerprint));
    }

    private static Map<String, Object> rotation(PrincipalSecrets next, PrincipalKey body) {
        return Map.of("signing", next.signingPublic().base64(), "sealing", next.sealingPublic().base64(),
                "locked", Base64.getEncoder().encodeToString(next.lock("chung", "chung's next passphrase".toCharArray(),
                        new Passwords.Cost(1024, 1, 1), new SecureRandom())),
                "previous", body.rotation().orElseThrow().previous().base64(),
                "rotation", body.rotation().orElseThrow().signature().base64());
    }

    private HttpResponse<String> post(String token, String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(south.apiUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(south.apiUrl() + path)).header("Authorization", "Bearer " + token).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
