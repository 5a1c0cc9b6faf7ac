package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.error.ErrorCode;
import org.hotline.it.TestStations;
import org.hotline.store.Role;
import org.hotline.time.SimulatedClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 3: what a token can make, and how soon revoking, removing and demoting count.
 * One real station on a simulated clock; every user logs in through the API as a person would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRulesTest {
    private Station station;
    private SimulatedClock clock;
    private String stationToken;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        clock = new SimulatedClock(Instant.parse("2021-07-27T01:00:00Z"));
        Path dir = TestStations.init(temp.resolve("south"), "Blue House");
        station = TestStations.start(dir, clock);
        stationToken = StationFiles.readCliToken(dir);
        for (String name : new String[] {"moon", "chung", "kang"}) {
            station.users().add(name, Role.PRINCIPAL, (name + "'s long password").toCharArray());
        }
        for (String name : new String[] {"watch", "night", "demoted"}) {
            station.users().add(name, Role.OPERATOR, (name + "'s long password").toCharArray());
        }
    }

    @AfterAll
    void stop() {
        if (station != null) {
            station.close();
        }
    }

    private Http login(String user) {
        Http.Response response = Http.anonymous(station.apiUrl()).postJson("/api/v1/login",
                Map.of("user", user, "password", user + "'s long password"));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return Http.bearer(station.apiUrl(), response.json().path("token").asText());
    }

    private static JsonNode mint(Http as, Map<String, Object> request) {
        Http.Response response = as.postJson("/api/v1/tokens", request);
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json();
    }

    @Test
    void aLoginTokenMintsOnlyBoundNoHigherNoLongerLivedTokens() {
        Http watch = login("watch");
        // Higher role: refused.
        Http.assertError(watch.postJson("/api/v1/tokens", Map.of("name", "up", "role", "principal")), ErrorCode.FORBIDDEN);
        // Another user: refused (this was the hole: an unbound token that acted for anyone).
        Http.assertError(watch.postJson("/api/v1/tokens", Map.of("name", "as moon", "user", "moon")), ErrorCode.FORBIDDEN);
        // Asked for a year: bound to watch, and ends with the login that made it, an hour from now.
        JsonNode made = mint(watch, Map.of("name", "laptop", "ttlHours", 8760));
        assertThat(made.path("user").asText()).isEqualTo("watch");
        assertThat(made.path("role").asText()).isEqualTo("operator");
        assertThat(Instant.parse(made.path("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        Http laptop = Http.bearer(station.apiUrl(), made.path("token").asText());
        assertThat(laptop.get("/api/v1/lines").status()).isEqualTo(200);
        // A token it made cannot climb either, nor outlive it.
        Http.assertError(laptop.postJson("/api/v1/tokens", Map.of("name", "up", "role", "principal")), ErrorCode.FORBIDDEN);
        clock.advance(Duration.ofHours(1));
        Http.assertError(laptop.get("/api/v1/lines"), ErrorCode.UNAUTHENTICATED);
        // Out of range lifetimes are refused.
        Http fresh = login("watch");
        Http.assertError(fresh.postJson("/api/v1/tokens", Map.of("name", "x", "ttlHours", 0)), ErrorCode.BAD_REQUEST);
        Http.assertError(fresh.postJson("/api/v1/tokens", Map.of("name", "x", "ttlHours", 8761)), ErrorCode.BAD_REQUEST);
    }

    @Test
    void theStationTokensMintsCappedTokensAndForAUserAtMostTheirRole() {
        Http admin = Http.bearer(station.apiUrl(), stationToken);
        JsonNode own = mint(admin, Map.of("name", "deputy", "role", "principal"));
        assertThat(own.path("user").asText()).isEqualTo("station");
        assertThat(Instant.parse(own.path("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        JsonNode forNight = mint(admin, Map.of("name", "night's desk", "user", "night"));
        assertThat(forNight.path("role").asText()).isEqualTo("operator");
        Http.assertError(admin.postJson("/api/v1/tokens", Map.of("name", "x", "user", "night", "role", "principal")), ErrorCode.FORBIDDEN);
        Http.assertError(admin.postJson("/api/v1/tokens", Map.of("name", "x", "user", "nobody")), ErrorCode.NOT_FOUND);
    }

    @Test
    void aPrincipalTouchesOnlyTheirOwnKeys() {
        Http moon = login("moon");
        org.hotline.crypto.PrincipalSecrets keys = org.hotline.crypto.PrincipalSecrets.generate(new java.security.SecureRandom());
        Map<String, Object> body = Map.of("signing", keys.signingPublic().base64(), "sealing", keys.sealingPublic().base64(),
                "locked", java.util.Base64.getEncoder().encodeToString(keys.lock("chung", "chung's passphrase".toCharArray(),
                        org.hotline.crypto.Passwords.STANDARD, new java.security.SecureRandom())));
        JsonNode refused = Http.assertError(moon.postJson("/api/v1/principals/chung/keys", body), ErrorCode.FORBIDDEN);
        assertThat(refused.path("reason").asText()).contains("moon's").contains("may not act for chung");
        Http.assertError(moon.get("/api/v1/principals/chung/locked-key"), ErrorCode.FORBIDDEN);
        // Nor through a token it made: that token is moon's too.
        Http minted = Http.bearer(station.apiUrl(), mint(moon, Map.of("name", "moon's laptop", "role", "principal")).path("token").asText());
        Http.assertError(minted.postJson("/api/v1/principals/chung/keys", body), ErrorCode.FORBIDDEN);
        // And the station's own token does not act for a principal directly either.
        Http.assertError(Http.bearer(station.apiUrl(), stationToken).postJson("/api/v1/principals/chung/keys", body), ErrorCode.FORBIDDEN);
        assertThat(station.store().principalKeys("chung")).isEmpty();
    }

    @Test
    void revokedTokensAreRefusedOnTheNextRequest() {
        Http kang = login("kang");
        JsonNode made = mint(kang, Map.of("name", "tablet"));
        Http tablet = Http.bearer(station.apiUrl(), made.path("token").asText());
        assertThat(tablet.get("/api/v1/lines").status()).isEqualTo(200);
        JsonNode listed = kang.get("/api/v1/tokens").json().path("tokens");
        String id = null;
        for (JsonNode token : listed) {
            assertThat(token.path("user").asText()).as("a principal sees all, kang's included").isNotBlank();
            if (token.path("name").asText().equals("tablet")) {
                id = token.path("id").asText();
            }
        }
        assertThat(id).isNotNull().hasSize(16);
        assertThat(listed.toString()).doesNotContain(made.path("token").asText());
        // An operator sees only their own tokens and cannot revoke kang's.
        Http watch = login("watch");
        assertThat(watch.get("/api/v1/tokens").json().path("tokens").findValuesAsText("user")).containsOnly("watch");
        Http.assertError(watch.postJson("/api/v1/tokens/" + id + "/revoke", Map.of()), ErrorCode.NOT_FOUND);
        assertThat(tablet.get("/api/v1/lines").status()).isEqualTo(200);

        assertThat(kang.postJson("/api/v1/tokens/" + id + "/revoke", Map.of()).status()).isEqualTo(200);
        Http.assertError(tablet.get("/api/v1/lines"), ErrorCode.UNAUTHENTICATED);
        Http.assertError(kang.postJson("/api/v1/tokens/" + id + "/revoke", Map.of()), ErrorCode.NOT_FOUND);
        Http.assertError(kang.postJson("/api/v1/tokens/not-an-id/revoke", Map.of()), ErrorCode.BAD_REQUEST);
        // A principal may not revoke the station's own token.
        String stationId = kang.get("/api/v1/tokens").json().path("tokens").findParents("user").stream()
                .filter(t -> t.path("user").asText().equals("station")).findFirst().orElseThrow().path("id").asText();
        Http.assertError(kang.postJson("/api/v1/tokens/" + stationId + "/revoke", Map.of()), ErrorCode.FORBIDDEN);
    }

    @Test
    void aRemovedUsersTokensAndARoleChangeCountAtOnce() {
        Http admin = Http.bearer(station.apiUrl(), stationToken);
        Http demoted = login("demoted");
        Http minted = Http.bearer(station.apiUrl(), mint(demoted, Map.of("name", "desk")).path("token").asText());
        assertThat(minted.postJson("/api/v1/invitations/preview", Map.of("invitation", "x")).status()).isNotIn(401, 403);

        assertThat(admin.postJson("/api/v1/users/demoted/role", Map.of("role", "auditor")).status()).isEqualTo(200);
        Http.assertError(demoted.postJson("/api/v1/invitations/preview", Map.of("invitation", "x")), ErrorCode.FORBIDDEN);
        Http.assertError(minted.postJson("/api/v1/invitations/preview", Map.of("invitation", "x")), ErrorCode.FORBIDDEN);
        assertThat(minted.get("/api/v1/lines").status()).isEqualTo(200);
        // Raised again: the tokens are back to what they were made with, never above.
        assertThat(admin.postJson("/api/v1/users/demoted/role", Map.of("role", "principal")).status()).isEqualTo(200);
        Http.assertError(minted.postJson("/api/v1/lines/liaison/suspend", Map.of("silent", false)), ErrorCode.FORBIDDEN);

        assertThat(admin.postJson("/api/v1/users/demoted/remove", Map.of()).status()).isEqualTo(200);
        Http.assertError(demoted.get("/api/v1/lines"), ErrorCode.UNAUTHENTICATED);
        Http.assertError(minted.get("/api/v1/lines"), ErrorCode.UNAUTHENTICATED);
        Http.assertError(Http.anonymous(station.apiUrl()).postJson("/api/v1/login",
                Map.of("user", "demoted", "password", "demoted's long password")), ErrorCode.UNAUTHENTICATED);
        Http.assertError(admin.postJson("/api/v1/users/demoted/remove", Map.of()), ErrorCode.NOT_FOUND);
        // Only principals administer people, and the station's own user is built in.
        Http.assertError(login("watch").postJson("/api/v1/users/night/remove", Map.of()), ErrorCode.FORBIDDEN);
        Http.assertError(admin.postJson("/api/v1/users/station/remove", Map.of()), ErrorCode.FORBIDDEN);
        Http.assertError(admin.postJson("/api/v1/users/station/role", Map.of("role", "auditor")), ErrorCode.FORBIDDEN);
        Http.assertError(Http.anonymous(station.apiUrl()).postJson("/api/v1/login", Map.of("user", "station", "password", "!")),
                ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void principalsAddUsersThroughTheApi() {
        Http moon = login("moon");
        Http.Response added = moon.postJson("/api/v1/users", Map.of("name", "ri", "role", "auditor", "password", "ri's long password"));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        assertThat(added.text()).doesNotContain("argon2").doesNotContain("long password");
        Http.assertError(moon.postJson("/api/v1/users", Map.of("name", "ri", "role", "auditor", "password", "ri's long password")),
                ErrorCode.CONFLICT);
        Http.assertError(moon.postJson("/api/v1/users", Map.of("name", "station", "role", "auditor", "password", "long enough password")),
                ErrorCode.CONFLICT);
        Http.assertError(moon.postJson("/api/v1/users", Map.of("name", "x", "role", "auditor", "password", "short")), ErrorCode.BAD_REQUEST);
        Http.assertError(login("watch").postJson("/api/v1/users", Map.of("name", "y", "role", "principal", "password", "long enough pw")),
                ErrorCode.FORBIDDEN);
        assertThat(login("ri").get("/api/v1/lines").status()).isEqualTo(200);
    }
}
