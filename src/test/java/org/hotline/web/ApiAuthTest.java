package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hotline.error.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call what: every route, with no token, a wrong token, an expired token, and the tokens
 * of an auditor, an operator and a principal. Roles nest: principal ⊃ operator ⊃ auditor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAuthTest {
    private Path temp;

    private PairedStations stations;
    private final AtomicInteger counter = new AtomicInteger();

    enum Caller { NO_TOKEN, WRONG_TOKEN, EXPIRED_TOKEN, AUDITOR, OPERATOR, PRINCIPAL }

    private String expiredPrincipal;
    private static final org.hotline.crypto.PrincipalSecrets SAMPLE = org.hotline.crypto.PrincipalSecrets.generate(new java.security.SecureRandom());

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        temp = dir;
        stations = PairedStations.start(temp);
        // A login token of a principal that ran out a second ago: valid in every way but time.
        expiredPrincipal = "hl_expired" + "E".repeat(33);
        java.time.Instant now = java.time.Instant.now();
        stations.south.store().insertToken(new org.hotline.store.ApiToken(org.hotline.crypto.Tokens.hashOf(expiredPrincipal), "login moon",
                org.hotline.store.Role.PRINCIPAL, now.minusSeconds(3600), org.hotline.store.User.STATION, Optional.of(now.minusSeconds(1))));
    }

    @AfterAll
    void stop() {
        if (stations != null) {
            stations.close();
        }
    }

    Stream<Arguments> routesAndCallers() {
        return ApiRoutes.guarded().stream().flatMap(route -> Stream.of(Caller.values()).map(caller -> Arguments.of(route, caller)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("routesAndCallers")
    void eachRouteAdmitsExactlyTheRightCallers(ApiRoutes.Route route, Caller caller) {
        Http api = switch (caller) {
            case NO_TOKEN -> Http.anonymous(stations.south.apiUrl());
            case WRONG_TOKEN -> Http.bearer(stations.south.apiUrl(), "hl_" + "A".repeat(43));
            case EXPIRED_TOKEN -> Http.bearer(stations.south.apiUrl(), expiredPrincipal);
            case AUDITOR -> stations.southAsAuditor();
            case OPERATOR -> stations.southAsOperator();
            case PRINCIPAL -> stations.southAsPrincipal();
        };
        String before = fingerprint();

        Http.Response response = call(api, route);

        boolean admitted = false;
        switch (caller) {
            case NO_TOKEN, WRONG_TOKEN, EXPIRED_TOKEN -> {
                JsonNode error = Http.assertError(response, ErrorCode.UNAUTHENTICATED);
                assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
                if (caller == Caller.EXPIRED_TOKEN) {
                    assertThat(error.get("reason").asText()).contains("expired");
                }
            }
            case AUDITOR, OPERATOR, PRINCIPAL -> {
                String role = caller.name().toLowerCase(java.util.Locale.ROOT);
                admitted = rank(role) >= rank(route.least());
                if (admitted) {
                    assertThat(response.status()).as("%s", response).isEqualTo(expectedWhenAdmitted(route));
                } else {
                    JsonNode error = Http.assertError(response, ErrorCode.FORBIDDEN);
                    assertThat(error.get("reason").asText()).contains(role);
                }
            }
        }
        if (!admitted || route.reads()) {
            assertThat(fingerprint()).as("a refused or read-only call changes nothing").isEqualTo(before);
        }
    }

    @Test
    void theTableHereIsTheTableTheServerEnforces() {
        assertThat(ApiRoutes.registeredLeast(stations.south)).containsExactlyInAnyOrderEntriesOf(ApiRoutes.LEAST);
    }

    private static int rank(String role) {
        return switch (role) {
            case "anyone" -> 0;
            case "auditor" -> 1;
            case "operator" -> 2;
            case "principal" -> 3;
            default -> throw new AssertionError(role);
        };
    }

    @Test
    void onlyAPrincipalCutsAndRestoresALine() {
        String spare = "cut-" + counter.incrementAndGet();
        Http.Response accepted = stations.southAsPrincipal().postJson("/api/v1/invitations/accept",
                Map.of("invitation", stations.north.lines().invite(spare, Optional.empty()).invitation(), "name", spare));
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(201);
        String path = "/api/v1/lines/" + spare;

        JsonNode refused = Http.assertError(stations.southAsOperator().postJson(path + "/suspend", Map.of("silent", false, "reason", "no")),
                ErrorCode.FORBIDDEN);
        assertThat(refused.get("reason").asText()).contains("operator").contains("principal");
        assertThat(stations.southAsOperator().get(path).json().path("state").asText()).isEqualTo("open");

        Http.Response cut = stations.southAsPrincipal().postJson(path + "/suspend", Map.of("silent", false, "reason", "talks broken off"));
        assertThat(cut.status()).as("%s", cut).isEqualTo(201);
        assertThat(cut.json().path("type").asText()).isEqualTo("suspend");
        Http.assertError(stations.southAsOperator().postJson(path + "/restore", Map.of("note", "let us talk")), ErrorCode.FORBIDDEN);
        Http.assertError(stations.southAsAuditor().postJson(path + "/restore", Map.of("note", "let us talk")), ErrorCode.FORBIDDEN);
        assertThat(stations.southAsOperator().get(path).json().path("state").asText()).isNotEqualTo("open");
    }

    @Test
    void noTokenCanMintARoleAboveItsOwn() {
        JsonNode refused = Http.assertError(stations.southAsOperator().postJson("/api/v1/tokens",
                Map.of("name", "escalate", "role", "principal")), ErrorCode.FORBIDDEN);
        assertThat(refused.get("reason").asText()).contains("operator").contains("principal");
        Http.Response asOperator = stations.southAsOperator().postJson("/api/v1/tokens", Map.of("name", "relief watch", "role", "operator"));
        assertThat(asOperator.status()).isEqualTo(201);
        Http.Response principal = stations.southAsPrincipal().postJson("/api/v1/tokens", Map.of("name", "deputy", "role", "principal"));
        assertThat(principal.status()).as("%s", principal).isEqualTo(201);
        assertThat(principal.json().path("role").asText()).isEqualTo("principal");
        // The new principal token is one: it is admitted where an operator is not (here: a line that does not exist).
        Http.assertError(Http.bearer(stations.south.apiUrl(), principal.json().path("token").asText())
                .postJson("/api/v1/lines/no-such-line/suspend", Map.of("silent", true)), ErrorCode.NOT_FOUND);
    }

    @Test
    void theOpenApiDocumentNeedsNoToken() {
        for (Http api : new Http[] {Http.anonymous(stations.south.apiUrl()), stations.southAsAuditor(),
                Http.bearer(stations.south.apiUrl(), "wrong")}) {
            Http.Response response = api.get("/api/v1/openapi.yaml");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).contains("openapi:");
        }
    }

    @Test
    void malformedAuthorizationHeadersAreUnauthenticated() {
        String url = stations.south.apiUrl();
        for (String header : new String[] {
                "Basic " + java.util.Base64.getEncoder().encodeToString("cli:secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "Bearer",
                "Bearer ",
                "Token " + stations.southOperator,
                stations.southOperator,
                "Bearer " + stations.southOperator + "x",
                "Bearer " + stations.southOperator.substring(0, stations.southOperator.length() - 1),
                "Bearer " + "x".repeat(300)}) {
            Http.Response response = Http.authorization(url, header).get("/api/v1/lines");
            Http.assertError(response, ErrorCode.UNAUTHENTICATED);
            assertThat(response.header("WWW-Authenticate")).as("challenge for %s", header).isPresent();
            assertThat(response.text()).doesNotContain(stations.southOperator);
        }
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndSurroundingSpaceIgnored() {
        String url = stations.south.apiUrl();
        for (String header : new String[] {"bearer " + stations.southOperator, "BEARER " + stations.southOperator,
                "Bearer  " + stations.southOperator + " "}) {
            // A connection of its own each, so that no earlier header on a kept-alive connection plays a part.
            try (java.net.http.HttpClient client = Http.newClient()) {
                assertThat(Http.authorization(url, header).via(client).get("/api/v1/station").status()).as(header).isEqualTo(200);
            }
        }
    }

    @Test
    void tokensAreCaseSensitiveEvenOnAKeptAliveConnection() {
        String url = stations.south.apiUrl();
        String valid = stations.southOperator;
        String swapped = "hl_" + swapCase(valid.substring("hl_".length()));
        String auditorSwapped = "hl_" + swapCase(stations.southAuditor.substring("hl_".length()));
        assertThat(swapped).isNotEqualTo(valid);
        try (java.net.http.HttpClient client = Http.newClient()) {
            // One connection, one request after the other: nothing said earlier may colour what is read later.
            assertThat(Http.bearer(url, valid).via(client).get("/api/v1/station").status()).isEqualTo(200);
            Http.assertError(Http.bearer(url, swapped).via(client).get("/api/v1/station"), ErrorCode.UNAUTHENTICATED);
            Http.assertError(Http.bearer(url, swapped).via(client).postJson("/api/v1/lines/" + PairedStations.LINE + "/messages",
                    Map.of("text", "forged")), ErrorCode.UNAUTHENTICATED);
            assertThat(Http.bearer(url, valid).via(client).get("/api/v1/station").status()).isEqualTo(200);
            assertThat(Http.bearer(url, stations.southAuditor).via(client).get("/api/v1/station").status()).isEqualTo(200);
            Http.assertError(Http.bearer(url, auditorSwapped).via(client).get("/api/v1/station"), ErrorCode.UNAUTHENTICATED);
        }
        try (java.net.http.HttpClient client = Http.newClient()) {
            Http.assertError(Http.bearer(url, swapped).via(client).get("/api/v1/station"), ErrorCode.UNAUTHENTICATED);
            assertThat(Http.bearer(url, valid).via(client).get("/api/v1/station").status())
                    .as("a valid token after a refused look-alike on the same connection").isEqualTo(200);
        }
        assertThat(stations.south.lines().transcript(PairedStations.LINE, 0, 1000).entries())
                .noneMatch(entry -> entry.text().orElse("").equals("forged"));
    }

    private static String swapCase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append((char) (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))));
        return out.toString();
    }

    @Test
    void anOperatorTokenOfOneStationIsNotValidAtTheOther() {
        Http.assertError(Http.bearer(stations.north.apiUrl(), stations.southOperator).get("/api/v1/station"), ErrorCode.UNAUTHENTICATED);
        assertThat(stations.northAsOperator().get("/api/v1/station").json().path("name").asText()).isEqualTo("State Affairs Commission");
    }

    @Test
    void unknownEndpointsAreNotRevealedWithoutAToken() {
        Http.assertError(Http.anonymous(stations.south.apiUrl()).get("/api/v1/no-such-thing"), ErrorCode.UNAUTHENTICATED);
        Http.assertError(stations.southAsAuditor().get("/api/v1/no-such-thing"), ErrorCode.NOT_FOUND);
    }

    @Test
    void aTokenMadeThroughTheApiCarriesItsRole() {
        Http.Response created = stations.southAsOperator().postJson("/api/v1/tokens", Map.of("name", "audit desk", "role", "auditor"));
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().path("token").asText();
        assertThat(token).startsWith("hl_");
        assertThat(created.json().path("role").asText()).isEqualTo("auditor");

        Http auditor = Http.bearer(stations.south.apiUrl(), token);
        assertThat(auditor.get("/api/v1/lines").status()).isEqualTo(200);
        Http.assertError(auditor.postJson("/api/v1/lines/" + PairedStations.LINE + "/messages", Map.of("text", "no")), ErrorCode.FORBIDDEN);
        Http.assertError(auditor.postJson("/api/v1/tokens", Map.of("name", "escalate", "role", "operator")), ErrorCode.FORBIDDEN);
        Http.assertError(stations.southAsOperator().postJson("/api/v1/tokens", Map.of("name", "x", "role", "admin")), ErrorCode.BAD_REQUEST);
    }

    @Test
    void anAuditorCannotSendEvenWithAPerfectBody() {
        String path = "/api/v1/lines/" + PairedStations.LINE + "/messages";
        long before = stations.south.lines().transcript(PairedStations.LINE, 0, 1000).entries().size();

        Http.assertError(stations.southAsAuditor().postJson(path, Map.of("text", "auditors do not speak")), ErrorCode.FORBIDDEN);

        assertThat(stations.south.lines().transcript(PairedStations.LINE, 0, 1000).entries()).hasSize((int) before);
        assertThat(stations.southAsAuditor().get(path.replace("messages", "transcript")).text()).doesNotContain("auditors do not speak");
    }

    private Http.Response call(Http api, ApiRoutes.Route route) {
        String path = route.path(PairedStations.LINE);
        return switch (route.toString()) {
            case "POST /api/v1/lines/{line}/messages" -> api.postJson(path, Map.of("text", "check " + counter.incrementAndGet()));
            case "POST /api/v1/invitations" -> api.postJson(path, Map.of("line", "auth-" + counter.incrementAndGet()));
            case "POST /api/v1/tokens" -> api.postJson(path, Map.of("name", "desk " + counter.incrementAndGet(), "role", "auditor"));
            case "POST /api/v1/invitations/preview", "POST /api/v1/invitations/accept" -> api.postJson(path, Map.of("invitation", northInvitation()));
            // Cutting the shared line would change every other route's answer: cut a line that does not exist.
            case "POST /api/v1/lines/{line}/suspend" -> api.postJson(route.path("no-such-line"), Map.of("silent", false, "reason", "auth check"));
            case "POST /api/v1/lines/{line}/restore", "POST /api/v1/lines/{line}/restore/accept" -> api.postJson(path, Map.of());
            case "POST /api/v1/lines/{line}/schedule" -> api.postJson(path, Map.of("times", "09:00 mon-fri Asia/Seoul"));
            case "POST /api/v1/lines/{line}/answer" -> api.postJson(path, Map.of());
            // Keys for a principal who does not exist: admitted callers learn that, and nothing is stored.
            case "POST /api/v1/lines/{line}/letters", "POST /api/v1/lines/{line}/letters/{seq}/read", "POST /api/v1/statements",
                    "POST /api/v1/lines/{line}/statement-drafts", "POST /api/v1/lines/{line}/statement-drafts/{hash}/cosign" ->
                    api.postJson(path, Map.of());
            case "POST /api/v1/tokens/{id}/revoke" -> api.postJson(path, Map.of());
            case "POST /api/v1/users" -> api.postJson(path, Map.of("name", "person-" + counter.incrementAndGet(), "role", "auditor",
                    "password", "a long enough password"));
            case "POST /api/v1/users/{name}/remove" -> api.postJson(path, Map.of());
            case "POST /api/v1/users/{name}/role" -> api.postJson(path, Map.of("role", "auditor"));
            case "POST /api/v1/principals/{name}/keys" -> api.postJson(path, Map.of("signing", SAMPLE.signingPublic().base64(),
                    "sealing", SAMPLE.sealingPublic().base64(), "locked", SAMPLE.sealingPublic().base64()));
            default -> {
                assertThat(route.reads()).as("%s needs a sample request in this test", route).isTrue();
                yield api.get(path);
            }
        };
    }

    /** What a caller whose role may call the route gets for the sample request of {@link #call}. */
    private static int expectedWhenAdmitted(ApiRoutes.Route route) {
        return switch (route.toString()) {
            case "POST /api/v1/lines/{line}/messages", "POST /api/v1/invitations", "POST /api/v1/invitations/accept", "POST /api/v1/tokens",
                    "POST /api/v1/users" -> 201;
            case "POST /api/v1/lines/{line}/suspend", "GET /api/v1/lines/{line}/letters/{seq}", "GET /api/v1/lines/{line}/letters/{seq}/envelope",
                    "POST /api/v1/users/{name}/remove", "POST /api/v1/users/{name}/role" -> 404;
            // The role may, but a token acts only for its own user: the station's token is not the principal "nobody".
            case "POST /api/v1/principals/{name}/keys", "GET /api/v1/principals/{name}/locked-key" -> 403;
            // A token id is 16 hex digits, not the 64 zeros of the sample path.
            case "POST /api/v1/tokens/{id}/revoke" -> 400;
            // Admitted, and the empty body is refused for what it lacks.
            case "POST /api/v1/lines/{line}/letters", "POST /api/v1/lines/{line}/letters/{seq}/read", "POST /api/v1/statements",
                    "GET /api/v1/lines/{line}/quote", "POST /api/v1/lines/{line}/statement-drafts",
                    "POST /api/v1/lines/{line}/statement-drafts/{hash}/cosign" -> 400;
            // Authorised, and refused for the state of the line: it is open and nothing rings.
            case "POST /api/v1/lines/{line}/restore", "POST /api/v1/lines/{line}/restore/accept", "POST /api/v1/lines/{line}/answer" -> 409;
            case "POST /api/v1/lines/{line}/schedule" -> 202;
            // Admitted, and told to ask for the event stream (a plain GET would otherwise never end).
            case "GET /api/v1/events" -> 406;
            default -> 200;
        };
    }

    /** A fresh invitation from north to a new line, for preview and accept at south. */
    private String northInvitation() {
        return stations.north.lines().invite("spare-" + counter.incrementAndGet(), Optional.empty()).invitation();
    }

    /** What a write would change at south: its lines and each line's own entries. */
    private String fingerprint() {
        StringBuilder out = new StringBuilder();
        for (JsonNode line : stations.southAsOperator().get("/api/v1/lines").json().path("lines")) {
            ObjectNode stable = ((ObjectNode) line).deepCopy();
            stable.retain("id", "name", "peerId", "state", "ownEntries");
            out.append(stable).append('\n');
        }
        return out.toString();
    }
}
