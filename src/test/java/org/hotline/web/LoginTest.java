package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.hotline.Station;
import org.hotline.error.ErrorCode;
import org.hotline.it.TestStations;
import org.hotline.store.Role;
import org.hotline.time.SimulatedClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Logging in as a user through the API: a short-lived token of the user's role, and a lockout after repeated failures. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginTest {
    private static final String PASSWORD = "a letter to the north";

    private Station station;
    private SimulatedClock clock;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        clock = new SimulatedClock(Instant.parse("2021-07-27T01:00:00Z"));
        station = TestStations.start(TestStations.init(temp.resolve("south"), "Blue House"), clock);
        station.users().add("moon", Role.PRINCIPAL, PASSWORD.toCharArray());
        station.users().add("watch", Role.OPERATOR, "on watch all night".toCharArray());
        station.users().add("audit", Role.AUDITOR, "reads and verifies".toCharArray());
    }

    @AfterAll
    void stop() {
        if (station != null) {
            station.close();
        }
    }

    private Http anonymous() {
        return Http.anonymous(station.apiUrl());
    }

    @Test
    void aLoginGivesATokenOfTheUsersRoleThatExpires() {
        Http.Response response = anonymous().postJson("/api/v1/login", Map.of("user", "watch", "password", "on watch all night"));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.path("role").asText()).isEqualTo("operator");
        assertThat(body.path("user").asText()).isEqualTo("watch");
        assertThat(Instant.parse(body.path("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        Http watch = Http.bearer(station.apiUrl(), body.path("token").asText());

        assertThat(watch.get("/api/v1/lines").status()).isEqualTo(200);
        // An operator's login may not cut a line (no such line here: the refusal comes before the look-up).
        Http.assertError(watch.postJson("/api/v1/lines/liaison/suspend", Map.of("silent", false)), ErrorCode.FORBIDDEN);
        assertThat(watch.get("/api/v1/users").json().path("users").findValuesAsText("name")).contains("moon", "watch", "audit");
        assertThat(watch.get("/api/v1/users").text()).doesNotContain("argon2");

        clock.advance(Duration.ofMinutes(59));
        assertThat(watch.get("/api/v1/lines").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        JsonNode expired = Http.assertError(watch.get("/api/v1/lines"), ErrorCode.UNAUTHENTICATED);
        assertThat(expired.path("reason").asText()).contains("expired");
    }

    @Test
    void aPrincipalsLoginMayCutAndAnAuditorsMayOnlyRead() {
        Http moon = Http.bearer(station.apiUrl(),
                anonymous().postJson("/api/v1/login", Map.of("user", "moon", "password", PASSWORD)).json().path("token").asText());
        Http.assertError(moon.postJson("/api/v1/lines/liaison/suspend", Map.of("silent", false)), ErrorCode.NOT_FOUND);
        Http audit = Http.bearer(station.apiUrl(),
                anonymous().postJson("/api/v1/login", Map.of("user", "audit", "password", "reads and verifies")).json().path("token").asText());
        assertThat(audit.get("/api/v1/station").status()).isEqualTo(200);
        Http.assertError(audit.postJson("/api/v1/tokens", Map.of("name", "x", "role", "auditor")), ErrorCode.FORBIDDEN);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        JsonNode wrongPassword = Http.assertError(anonymous().postJson("/api/v1/login", Map.of("user", "audit", "password", "not it at all")),
                ErrorCode.UNAUTHENTICATED);
        JsonNode unknownUser = Http.assertError(anonymous().postJson("/api/v1/login", Map.of("user", "nobody", "password", "not it at all")),
                ErrorCode.UNAUTHENTICATED);
        assertThat(wrongPassword.path("reason").asText()).isEqualTo(unknownUser.path("reason").asText());
        Http.assertError(anonymous().postJson("/api/v1/login", Map.of("user", "audit")), ErrorCode.BAD_REQUEST);
    }

    @Test
    void fiveFailuresLockTheUserOutForThirtySecondsEvenWithTheRightPassword() {
        station.users().add("kim", Role.OPERATOR, "the right password".toCharArray());
        for (int i = 0; i < 5; i++) {
            Http.assertError(anonymous().postJson("/api/v1/login", Map.of("user", "kim", "password", "guess number " + i)),
                    ErrorCode.UNAUTHENTICATED);
        }
        JsonNode locked = Http.assertError(anonymous().postJson("/api/v1/login", Map.of("user", "kim", "password", "the right password")),
                ErrorCode.TOO_MANY_REQUESTS);
        assertThat(locked.path("reason").asText()).contains("try again in 30 s");
        // Another user is not locked out with kim.
        assertThat(anonymous().postJson("/api/v1/login", Map.of("user", "moon", "password", PASSWORD)).status()).isEqualTo(201);

        clock.advance(Duration.ofSeconds(29));
        Http.assertError(anonymous().postJson("/api/v1/login", Map.of("user", "kim", "password", "the right password")),
                ErrorCode.TOO_MANY_REQUESTS);
        clock.advance(Duration.ofSeconds(1));
        assertThat(anonymous().postJson("/api/v1/login", Map.of("user", "kim", "password", "the right password")).status()).isEqualTo(201);
    }

    @Test
    void fourFailuresThenASuccessStartTheCountAgain() {
        station.users().add("ri", Role.OPERATOR, "ri's own password".toCharArray());
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                Http.assertError(anonymous().postJson("/api/v1/login", Map.of("user", "ri", "password", "wrong " + i)), ErrorCode.UNAUTHENTICATED);
            }
            assertThat(anonymous().postJson("/api/v1/login", Map.of("user", "ri", "password", "ri's own password")).status()).isEqualTo(201);
        }
    }
}
