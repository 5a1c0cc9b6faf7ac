package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hotline.error.ErrorCode;
import org.hotline.line.EntryView;
import org.hotline.line.InvitationPreview;
import org.hotline.line.IssuedInvitation;
import org.hotline.line.LineSummary;
import org.hotline.line.TranscriptPage;
import org.hotline.protocol.Priority;
import org.hotline.protocol.DeclaredState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document describes exactly the API the server answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
    private static final String OPENAPI = "/api/v1/openapi.yaml";

    private Path temp;

    private PairedStations stations;
    private OpenApiDocument document;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        temp = dir;
        stations = PairedStations.start(temp);
        Http.Response served = Http.anonymous(stations.south.apiUrl()).get(OPENAPI);
        assertThat(served.status()).as("%s", served).isEqualTo(200);
        document = OpenApiDocument.parse(served.bytes());
    }

    @AfterAll
    void stop() {
        if (stations != null) {
            stations.close();
        }
    }

    @Test
    void isServedWithoutTokenAsYamlFromTheClasspathResource() throws Exception {
        Http.Response served = Http.anonymous(stations.south.apiUrl()).get(OPENAPI);

        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        try (InputStream resource = ApiServer.class.getResourceAsStream(ApiServer.OPENAPI_RESOURCE)) {
            assertThat(resource).as("classpath resource %s", ApiServer.OPENAPI_RESOURCE).isNotNull();
            assertThat(served.bytes()).isEqualTo(resource.readAllBytes());
        }
        // A wrong token does not stand in the way of the document either.
        assertThat(Http.bearer(stations.south.apiUrl(), "hl_wrong").get(OPENAPI).status()).isEqualTo(200);
    }

    @Test
    void isAnOpenApi31DocumentWithBearerSecurity() {
        JsonNode root = document.root;
        assertThat(root.path("openapi").asText()).startsWith("3.1.");
        assertThat(root.path("info").path("title").asText()).isNotBlank();
        assertThat(root.path("info").path("version").asText()).isNotBlank();
        JsonNode bearer = root.path("components").path("securitySchemes").path("bearer");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(root.path("security").toString()).isEqualTo("[{\"bearer\":[]}]");

        assertThat(document.refs()).isNotEmpty().allSatisfy(ref -> assertThat(document.resolve(refNode(ref))).isNotNull());
        Set<String> operationIds = new HashSet<>();
        document.operations().forEach((route, operation) -> {
            assertThat(operationIds.add(operation.path("operationId").asText())).as("unique operationId of %s", route).isTrue();
            assertThat(OpenApiDocument.fields(operation.path("responses")).stream().map(Map.Entry::getKey))
                    .as("responses of %s", route).anyMatch(code -> code.startsWith("2"));
        });
    }

    @Test
    void documentsExactlyTheRoutesTheServerRegisters() throws Exception {
        Set<ApiRoutes.Route> registered = ApiRoutes.registered(stations.south);

        assertThat(registered).as("routes registered in ApiServer").isNotEmpty();
        assertThat(document.operations().keySet()).as("routes in openapi.yaml").containsExactlyInAnyOrderElementsOf(registered);
        assertThat(ApiRoutes.ALL).as("routes the tests exercise").containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void everyPathParameterIsDeclared() {
        document.operations().forEach((route, operation) -> {
            Set<String> inTemplate = new TreeSet<>();
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(route.template());
            while (matcher.find()) {
                inTemplate.add(matcher.group(1));
            }
            Set<String> declared = new TreeSet<>();
            Stream.concat(stream(document.root.path("paths").path(route.template()).path("parameters")), stream(operation.path("parameters")))
                    .map(document::resolve)
                    .filter(parameter -> parameter.path("in").asText().equals("path"))
                    .forEach(parameter -> {
                        assertThat(parameter.path("required").asBoolean()).as("path parameter of %s is required", route).isTrue();
                        declared.add(parameter.path("name").asText());
                    });
            assertThat(declared).as("path parameters of %s", route).isEqualTo(inTemplate);
        });
    }

    @Test
    void transcriptQueryParametersAreDocumentedWithTheServersLimits() {
        JsonNode operation = document.operations().get(new ApiRoutes.Route("GET", "/api/v1/lines/{line}/transcript"));
        Map<String, JsonNode> query = stream(operation.path("parameters")).map(document::resolve)
                .filter(parameter -> parameter.path("in").asText().equals("query"))
                .collect(Collectors.toMap(parameter -> parameter.path("name").asText(), parameter -> parameter.path("schema")));

        assertThat(query).containsOnlyKeys("after", "limit", "wait");
        assertThat(query.get("after").path("minimum").asLong()).isZero();
        assertThat(query.get("after").path("default").asLong()).isZero();
        assertThat(query.get("limit").path("minimum").asLong()).isEqualTo(1);
        assertThat(query.get("limit").path("maximum").asLong()).isEqualTo(org.hotline.line.LineService.MAX_PAGE);
        assertThat(query.get("limit").path("default").asLong()).isEqualTo(100);
        assertThat(query.get("wait").path("minimum").asLong()).isZero();
        assertThat(query.get("wait").path("maximum").asLong()).isEqualTo(60);
        // The documented bounds are the server's: one past each is refused.
        Http api = stations.southAsOperator();
        String transcript = "/api/v1/lines/" + PairedStations.LINE + "/transcript";
        assertThat(api.get(transcript + "?limit=" + org.hotline.line.LineService.MAX_PAGE).status()).isEqualTo(200);
        Http.assertError(api.get(transcript + "?limit=" + (org.hotline.line.LineService.MAX_PAGE + 1)), ErrorCode.BAD_REQUEST);
        Http.assertError(api.get(transcript + "?limit=0"), ErrorCode.BAD_REQUEST);
        Http.assertError(api.get(transcript + "?after=-1"), ErrorCode.BAD_REQUEST);
        Http.assertError(api.get(transcript + "?wait=61"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void noDocumentedOperationIsAnUnknownEndpoint() {
        Http api = stations.southAsOperator();
        // The control: this is what an unknown endpoint answers.
        JsonNode unknown = Http.assertError(api.get("/api/v1/no-such-thing"), ErrorCode.NOT_FOUND);

        assertThat(unknown.get("reason").asText()).contains("/api/v1/no-such-thing");

        // The line exists, so no documented operation has any reason to answer 404.
        document.operations().forEach((route, operation) -> {
            Http.Response response = api.method(route.method(), route.path(PairedStations.LINE));
            assertThat(response.status()).as("%s answered %s", route, response).isLessThan(500);
            // A 404 may say that the letter asked for does not exist, never that the endpoint does not.
            assertThat(response.status() == 404 ? response.json().path("reason").asText() : "").as("%s", route).doesNotContain("/api/v1/");
        });
    }

    @Test
    void securityAndRolesAreDocumentedAsTheServerEnforcesThem() {
        Http anonymous = Http.anonymous(stations.south.apiUrl());
        Http auditor = stations.southAsAuditor();
        document.operations().forEach((route, operation) -> {
            JsonNode security = operation.has("security") ? operation.get("security") : document.root.path("security");
            boolean needsToken = !security.isEmpty();
            Http.Response withoutToken = anonymous.method(route.method(), route.path(PairedStations.LINE));
            if (needsToken) {
                Http.assertError(withoutToken, ErrorCode.UNAUTHENTICATED);
                assertThat(operation.path("responses").has("401")).as("%s documents 401", route).isTrue();
            } else {
                // Served without a token; an empty body may still be a bad request (the login), never a refusal.
                assertThat(withoutToken.status()).as("%s without a token: %s", route, withoutToken).isNotIn(401, 403).isLessThan(500);
            }
            assertThat(needsToken).as("%s needs a token unless it is for anyone", route).isEqualTo(!route.open());

            Set<String> roles = new TreeSet<>();
            operation.path("x-hotline-roles").forEach(role -> roles.add(role.asText()));
            Set<String> expectedRoles = switch (route.least()) {
                case "anyone" -> Set.of("anyone");
                case "auditor" -> Set.of("principal", "operator", "auditor");
                case "operator" -> Set.of("principal", "operator");
                case "principal" -> Set.of("principal");
                default -> throw new AssertionError(route.least());
            };
            assertThat(roles).as("x-hotline-roles of %s", route).isEqualTo(expectedRoles);
            if (!roles.contains("operator") && !roles.contains("anyone")) {
                Http.assertError(stations.southAsOperator().method(route.method(), route.path(PairedStations.LINE)), ErrorCode.FORBIDDEN);
            }
            boolean auditorsMay = roles.contains("auditor") || roles.contains("anyone");
            Http.Response asAuditor = auditor.method(route.method(), route.path(PairedStations.LINE));
            if (roles.contains("anyone")) {
                assertThat(asAuditor.status()).as("%s with an auditor's token: %s", route, asAuditor).isNotIn(401, 403);
            } else if (auditorsMay) {
                assertThat(asAuditor.status()).as("%s as auditor: %s", route, asAuditor).isNotIn(401, 403);
                assertThat(route.method()).as("auditors only read").isEqualTo("GET");
            } else {
                Http.assertError(asAuditor, ErrorCode.FORBIDDEN);
                assertThat(operation.path("responses").has("403")).as("%s documents 403", route).isTrue();
            }
        });
    }

    @Test
    void errorCodesPrioritiesAndStatesMatchTheCode() {
        JsonNode error = document.schema("Error");
        assertThat(document.required(error)).containsExactlyInAnyOrder("error", "reason");
        Set<String> codes = new TreeSet<>();
        error.path("properties").path("error").path("enum").forEach(code -> codes.add(code.asText()));
        Set<String> expected = Arrays.stream(ErrorCode.values()).map(ErrorCode::name).collect(Collectors.toCollection(TreeSet::new));
        expected.add("INTERNAL");
        assertThat(codes).isEqualTo(expected);
        String description = error.path("description").asText().replaceAll("\\s+", " ");
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(description).as("status of %s in the Error description", code).contains(code.name() + " " + code.httpStatus());
        }

        List<String> priorities = Arrays.stream(Priority.values()).map(Priority::wireName).toList();
        assertThat(enumOf("SendRequest", "priority")).containsExactlyElementsOf(priorities);
        assertThat(enumOf("EntryView", "priority")).containsExactlyElementsOf(priorities);
        assertThat(enumOf("LineSummary", "state")).containsExactlyElementsOf(
                Arrays.stream(DeclaredState.Phase.values()).map(phase -> phase.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }

    @Test
    void errorResponsesOfEachOperationUseTheErrorSchema() {
        document.operations().forEach((route, operation) -> OpenApiDocument.fields(operation.path("responses")).forEach(response -> {
            if (!response.getKey().startsWith("2")) {
                JsonNode schema = document.resolve(response.getValue()).path("content").path("application/json").path("schema");
                assertThat(schema.path("$ref").asText()).as("%s %s", route, response.getKey()).isEqualTo("#/components/schemas/Error");
            }
        }));
    }

    /** Schema name → the record Jackson serialises (or deserialises, for requests) for it. */
    private static final Map<String, Class<? extends Record>> RESPONSE_RECORDS = Map.ofEntries(Map.entry("LineSummary", LineSummary.class), Map.entry("EntryView", EntryView.class), Map.entry("TranscriptPage", TranscriptPage.class), Map.entry("CheckpointView", TranscriptPage.CheckpointView.class), Map.entry("IssuedInvitation", IssuedInvitation.class), Map.entry("InvitationPreview", InvitationPreview.class), Map.entry("Sent", ApiServer.Sent.class), Map.entry("IssuedToken", ApiServer.IssuedToken.class), Map.entry("ControlWritten", ApiServer.ControlWritten.class), Map.entry("HistoryItem", org.hotline.line.HistoryItem.class), Map.entry("RingingCall", org.hotline.checkin.RingingCall.class), Map.entry("LoggedIn", ApiServer.LoggedIn.class), Map.entry("UserView", ApiServer.UserView.class), Map.entry("PrincipalView", ApiServer.PrincipalView.class), Map.entry("KeysAnnounced", ApiServer.KeysAnnounced.class), Map.entry("LockedKey", ApiServer.LockedKey.class), Map.entry("PeerPrincipalView", ApiServer.PeerPrincipalView.class), Map.entry("RefusedKey", ApiServer.RefusedKey.class), Map.entry("Envelope", org.hotline.letter.Letters.Envelope.class), Map.entry("LetterView", ApiServer.LetterView.class), Map.entry("QuoteView", ApiServer.QuoteView.class), Map.entry("Published", ApiServer.Published.class), Map.entry("DraftView", org.hotline.statement.Statements.DraftView.class), Map.entry("DraftWritten", ApiServer.DraftWritten.class));
    private static final Map<String, Class<? extends Record>> REQUEST_RECORDS = Map.ofEntries(Map.entry("SendRequest", ApiServer.SendRequest.class), Map.entry("InviteRequest", ApiServer.InviteRequest.class), Map.entry("AcceptRequest", ApiServer.AcceptRequest.class), Map.entry("TokenRequest", ApiServer.TokenRequest.class), Map.entry("SuspendRequest", ApiServer.SuspendRequest.class), Map.entry("RestoreRequest", ApiServer.RestoreRequest.class), Map.entry("ScheduleRequest", org.hotline.line.ScheduleRequest.class), Map.entry("AnswerRequest", ApiServer.AnswerRequest.class), Map.entry("LoginRequest", ApiServer.LoginRequest.class), Map.entry("KeysRequest", ApiServer.KeysRequest.class), Map.entry("LetterRequest", ApiServer.LetterRequest.class), Map.entry("ReadRequest", ApiServer.ReadRequest.class), Map.entry("QuoteRequest", ApiServer.QuoteRequest.class), Map.entry("StatementRequest", ApiServer.StatementRequest.class), Map.entry("DraftRequest", ApiServer.DraftRequest.class), Map.entry("CosignRequest", ApiServer.CosignRequest.class));

    @Test
    void schemasHaveTheFieldsAndTypesOfTheRecords() {
        RESPONSE_RECORDS.forEach((name, type) -> {
            JsonNode schema = document.schema(name);
            assertThat(document.properties(schema)).as("properties of %s", name).isEqualTo(componentNames(type));
            Set<String> mandatory = Arrays.stream(type.getRecordComponents())
                    .filter(component -> component.getType() != Optional.class)
                    .map(RecordComponent::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(document.required(schema)).as("required of %s: every field but the Optionals", name).isEqualTo(mandatory);
            assertThat(schema.path("additionalProperties").asBoolean(true)).as("%s is closed", name).isFalse();
            for (RecordComponent component : type.getRecordComponents()) {
                assertTypeMatches(name + "." + component.getName(), component.getGenericType(),
                        schema.path("properties").path(component.getName()));
            }
        });
        REQUEST_RECORDS.forEach((name, type) -> {
            JsonNode schema = document.schema(name);
            assertThat(document.properties(schema)).as("properties of %s", name).isEqualTo(componentNames(type));
            assertThat(schema.path("additionalProperties").asBoolean(true)).as("%s refuses unknown fields", name).isFalse();
            for (RecordComponent component : type.getRecordComponents()) {
                assertTypeMatches(name + "." + component.getName(), component.getGenericType(),
                        schema.path("properties").path(component.getName()));
            }
        });
    }

    @Test
    void realResponsesMatchTheirDocumentedSchemas() {
        Http south = stations.southAsOperator();
        String line = "/api/v1/lines/" + PairedStations.LINE;

        assertConforms("GET", "/api/v1/station", 200, south.get("/api/v1/station"));
        assertConforms("GET", "/api/v1/lines", 200, south.get("/api/v1/lines"));
        assertConforms("GET", "/api/v1/lines/{line}", 200, south.get(line));
        Http.Response sent = south.postJson(line + "/messages", Map.of("text", "schema check", "priority", "flash", "lang", "en-GB"));
        assertConforms("POST", "/api/v1/lines/{line}/messages", 201, sent);
        Http.Response page = south.get(line + "/transcript");
        assertConforms("GET", "/api/v1/lines/{line}/transcript", 200, page);
        assertThat(page.json().path("entries")).isNotEmpty();
        assertConforms("POST", "/api/v1/invitations", 201, south.postJson("/api/v1/invitations", Map.of("line", "schema-check", "ttlHours", 2)));

        Http north = stations.northAsOperator();
        String invitation = north.postJson("/api/v1/invitations", Map.of("line", "second")).json().path("invitation").asText();
        assertConforms("POST", "/api/v1/invitations/preview", 200, south.postJson("/api/v1/invitations/preview", Map.of("invitation", invitation)));
        assertConforms("POST", "/api/v1/invitations/accept", 201, south.postJson("/api/v1/invitations/accept", Map.of("invitation", invitation)));

        assertConforms("GET", "/api/v1/lines/{line}", 404, south.get("/api/v1/lines/nowhere"));
        assertConforms("POST", "/api/v1/invitations/accept", 400, south.postJson("/api/v1/invitations/accept", Map.of("invitation", "nonsense")));
    }

    @Test
    void theSchemaCheckerCatchesWhatItShould() {
        // The checker the other tests rely on must be able to fail.
        JsonNode summary = document.schema("LineSummary");
        JsonNode good = stations.southAsOperator().get("/api/v1/lines/" + PairedStations.LINE).json();
        assertThat(document.check(good, summary)).isEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode extra = good.deepCopy();
        extra.put("surprise", 1);
        assertThat(document.check(extra, summary)).singleElement().asString().contains("surprise");
        com.fasterxml.jackson.databind.node.ObjectNode missing = good.deepCopy();
        missing.remove("openedAt");
        assertThat(document.check(missing, summary)).singleElement().asString().contains("openedAt");
        com.fasterxml.jackson.databind.node.ObjectNode nulled = good.deepCopy();
        nulled.putNull("flag");
        assertThat(document.check(nulled, summary)).singleElement().asString().contains("flag");
        com.fasterxml.jackson.databind.node.ObjectNode badTime = good.deepCopy();
        badTime.put("openedAt", "yesterday");
        assertThat(document.check(badTime, summary)).singleElement().asString().contains("openedAt");
    }

    private void assertConforms(String method, String template, int status, Http.Response response) {
        assertThat(response.status()).as("%s %s answered %s", method, template, response).isEqualTo(status);
        JsonNode documented = document.root.path("paths").path(template).path(method.toLowerCase(Locale.ROOT))
                .path("responses").path(String.valueOf(status));
        assertThat(documented.isMissingNode()).as("%s %s documents status %s", method, template, status).isFalse();
        JsonNode schema = document.resolve(documented).path("content").path("application/json").path("schema");
        assertThat(schema.isMissingNode()).as("%s %s %s has a JSON schema", method, template, status).isFalse();
        assertThat(document.check(response.json(), schema)).as("%s %s %s: %s", method, template, status, response).isEmpty();
    }

    private void assertTypeMatches(String where, Type javaType, JsonNode property) {
        assertThat(property.isMissingNode()).as("%s documented", where).isFalse();
        Type type = javaType;
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
            type = parameterized.getActualTypeArguments()[0];
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            assertThat(property.path("type").asText()).as("%s is an array", where).isEqualTo("array");
            assertTypeMatches(where + "[]", parameterized.getActualTypeArguments()[0], property.path("items"));
            return;
        }
        if (type instanceof Class<?> record && record.isRecord()) {
            assertThat(property.path("$ref").asText()).as("%s refers to its record's schema", where)
                    .isEqualTo("#/components/schemas/" + record.getSimpleName());
            return;
        }
        JsonNode schema = document.resolve(property);
        String expected;
        if (type == String.class || type == Instant.class) {
            expected = "string";
        } else if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            expected = "integer";
        } else if (type == boolean.class || type == Boolean.class) {
            expected = "boolean";
        } else {
            throw new AssertionError(where + ": no JSON type known for " + type);
        }
        assertThat(schema.path("type").asText()).as("type of %s", where).isEqualTo(expected);
        if (type == Instant.class) {
            assertThat(schema.path("format").asText()).as("format of %s", where).isEqualTo("date-time");
        }
    }

    private List<String> enumOf(String schema, String property) {
        return stream(document.schema(schema).path("properties").path(property).path("enum")).map(JsonNode::asText).toList();
    }

    private static Set<String> componentNames(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    private static JsonNode refNode(String ref) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("$ref", ref);
    }
}
